#!/usr/bin/env bash
# The README's run command. Until the HTTP server lands, it demonstrates the verifier on the embedded
# development issuer (Keys/): mints a token for the Claude-style endpoint and inspects it check by check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build --product gatehouse
gatehouse=".build/debug/gatehouse"
resource="http://127.0.0.1:8080/mcp/claude"
token=$("$gatehouse" token mint --kid dev-es256 --audience "$resource" --scope notes.read)
echo "minted a development token for $resource (scope notes.read):"
echo "$token"
echo
"$gatehouse" token inspect "$token" --resource "$resource" --scope notes.read
