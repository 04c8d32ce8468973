#!/usr/bin/env bash
# Reproduces the token-verification benchmarks of docs/benchmarks.md (release build, ordo-one/benchmark):
# Gatehouse uncached/cached verification and the three crypto backends (swift-crypto, system OpenSSL, jwt-kit),
# plus `openssl speed` on the same machine as the reference.
#   scripts/bench-verifier.sh [FILTER-REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
echo "== openssl speed (reference: verify per second)"
openssl speed -seconds 3 rsa2048 2>/dev/null | tail -1
openssl speed -seconds 3 ecdsap256 2>/dev/null | tail -1
openssl speed -seconds 3 ed25519 2>/dev/null | tail -1
cd Benchmarks
filter=()
[ -n "${1:-}" ] && filter=(--filter "$1")
GATEHOUSE_KEYS="$PWD/../Keys" swift package --allow-writing-to-package-directory benchmark --no-progress \
    --time-units nanoseconds --format markdown "${filter[@]}"
