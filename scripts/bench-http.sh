#!/usr/bin/env bash
# Over-HTTP load benchmark (docs/benchmarks.md): the same wrk settings, in one run, against
#   1. a bare Hummingbird handler returning the same body (the ceiling on this machine),
#   2. Gatehouse stateless 2026-07-28 tools/call (no auth),
#   3. Gatehouse legacy session tools/call (2025-06-18, JSON responses),
# then idle RSS and RSS with 10 000 idle legacy sessions.
#   scripts/bench-http.sh [SECONDS] [CONNECTIONS]     (defaults: 10 s, 32 connections)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product MCPTestServer >/dev/null
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

start_server() {
    .build/release/MCPTestServer 0 >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do grep -q '^listening on' "$work/server.log" && break; sleep 0.05; done
    port=$(sed -n 's/^listening on //p' "$work/server.log")
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

meta='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
cat >"$work/bare.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},$meta}}'
LUA
cat >"$work/modern.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = "echo"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},$meta}}'
LUA

start_server
idle=$(rss_kib)
session=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}' \
    "http://127.0.0.1:$port/mcp" | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
cat >"$work/legacy.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
wrk.headers["Mcp-Session-Id"] = "$session"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
LUA

run() {
    local name=$1 path=$2 script=$3
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port$path" >"$work/$name.txt"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
    p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
    errors=$(grep -c 'Non-2xx\|Socket errors' "$work/$name.txt" || true)
    echo "$name $rps $p50 $p99 $errors"
}
{
    run bare /bare "$work/bare.lua"
    run gatehouse-2026-07-28 /mcp "$work/modern.lua"
    run gatehouse-session-2025-06-18 /mcp "$work/legacy.lua"
} >"$work/results.txt"
peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
kill $server; wait $server 2>/dev/null || true

start_server
before=$(rss_kib)
made=$(python3 Benchmarks/load/sessions.py "$port" 10000)
after=$(rss_kib)

bare_rps=$(awk '$1=="bare" {print $2}' "$work/results.txt")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk -t2 -c$connections -d${seconds}s"
printf '%-32s %12s %10s %10s %8s %s\n' scenario req/s p50 p99 "×bare" "errors"
while read -r name rps p50 p99 errors; do
    printf '%-32s %12s %10s %10s %8.2f %s\n' "$name" "$rps" "$p50" "$p99" "$(echo "$rps / $bare_rps" | bc -l)" "$errors"
done <"$work/results.txt"
echo "idle RSS: $((idle / 1024)) MiB; peak RSS under load: $((peak / 1024)) MiB"
echo "legacy sessions: $made created; RSS $((before / 1024)) MiB -> $((after / 1024)) MiB ($(( (after - before) / 1024 )) MiB for $made sessions)"
