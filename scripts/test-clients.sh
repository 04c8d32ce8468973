#!/usr/bin/env bash
# Real MCP clients against a real Gatehouse server: the official Python SDK (PyPI `mcp`, both the 2026-07-28
# `auto` mode and the `legacy` initialize mode) and the official Swift SDK (`Client` over HTTP, 2025-11-25).
# Starts the test server itself on a free loopback port and stops it on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product MCPTestServer
log=$(mktemp)
.build/debug/MCPTestServer 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    grep -q '^listening on' "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/^listening on //p' "$log")
[ -n "$port" ] || { echo "the test server did not start"; cat "$log"; exit 1; }
url="http://127.0.0.1:$port/mcp"
echo "test server on $url"

venv=Tests/Clients/python/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
fi
"$venv/bin/pip" install --quiet "mcp>=2.3,<3"

status=0
echo "== Python SDK $("$venv/bin/pip" show mcp | sed -n 's/^Version: //p')"
"$venv/bin/python" Tests/Clients/python/mcp_client_check.py "$url" "$PWD/.build/debug/MCPTestServer" --stdio || status=1

echo "== Swift SDK"
swift build --package-path Tests/Clients/swift
Tests/Clients/swift/.build/debug/SwiftSDKClientCheck "$url" || status=1
exit $status
