#!/usr/bin/env bash
# What the gateway adds in front of a fast upstream (docs/benchmarks.md, "Session 8"): the bench server's
# unauthenticated /open endpoint as the upstream, the shipped `gatehouse serve --upstream` in front of it; wrk at one
# and at 32 connections against each, the gateway's CPU per request from /proc, and with --perf a `perf record -g`
# profile of the gateway (written to gateway-perf.data). Expects release binaries (scripts/bench.sh builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh
upstream_port=18601 port=18602
"$bin/MCPTestServer" --bench "$upstream_port" >"$work/bench.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^listening on' "$work/bench.log" && break; sleep 0.05; done
"${BENCH_GATEHOUSE:-$bin/gatehouse}" serve --port "$port" --upstream "http://127.0.0.1:$upstream_port/open" >"$work/gateway.log" 2>&1 &
gateway=$!
pids+=("$gateway")
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
token=$("$bin/gatehouse" token mint --keys Keys --issuer "http://127.0.0.1:$port/dev-issuer" \
    --audience "http://127.0.0.1:$port/mcp/claude" --subject bench)
script() { # AUTHORIZATION-LUA → a wrk script for tools/call echo in 2026-07-28
    cat <<LUA
request = function()
  local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = "tools/call", ["Mcp-Name"] = "echo" $1 }
  return wrk.format("POST", nil, headers, [[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}]])
end
LUA
}
script "" >"$work/direct.lua"
script ", [\"Authorization\"] = \"Bearer $token\"" >"$work/gateway.lua"
direct="http://127.0.0.1:$upstream_port/open" through="http://127.0.0.1:$port/mcp/claude"
for connections in 1 32; do
    threads=$((connections == 1 ? 1 : 2))
    echo "== upstream alone, $connections connection(s)"
    wrk -t"$threads" -c"$connections" -d4s --latency -s "$work/direct.lua" "$direct" | grep -E "Requests/sec| 50%| 99%"
    echo "== through the gateway, $connections connection(s)"
    before=$(awk '{print $14 + $15}' "/proc/$gateway/stat")
    wrk -t"$threads" -c"$connections" -d4s --latency -s "$work/gateway.lua" "$through" | tee "$work/wrk.txt" |
        grep -E "Requests/sec| 50%| 99%"
    after=$(awk '{print $14 + $15}' "/proc/$gateway/stat")
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    echo "   gateway CPU per request: $(((after - before) * 1000000 / $(getconf CLK_TCK) / requests)) µs"
done
if [ "${1:-}" = --perf ]; then
    perf record -F 999 -g -p "$gateway" -o gateway-perf.data -- sleep 5 >/dev/null 2>&1 &
    recorder=$!
    wrk -t2 -c32 -d5s -s "$work/gateway.lua" "$through" >/dev/null
    wait "$recorder" || true
    echo "profile: gateway-perf.data (perf report -i gateway-perf.data --children --sort symbol)"
fi
