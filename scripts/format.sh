#!/usr/bin/env bash
# Checks formatting against .swift-format (exit 1 on any finding). `scripts/format.sh --fix` rewrites in place.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Plugins Tests Fuzz Examples/Package.swift Examples/Sources Benchmarks/Package.swift Benchmarks/Sources Benchmarks/Benchmarks)
if [ "${1:-}" = "--fix" ]; then
    swift format format --in-place --recursive "${paths[@]}"
else
    swift format lint --strict --recursive "${paths[@]}"
fi
