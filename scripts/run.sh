#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs `gatehouse serve` on its embedded default
# (127.0.0.1:8080, the development issuer whose keys are in Keys/, both endpoint presets, the example tools).
# It prints the endpoints and ready-to-paste commands that mint a token and call a tool. Arguments are passed to
# `gatehouse serve` (for example --port 9090, or --config gatehouse.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build --product gatehouse
exec .build/debug/gatehouse serve "$@"
