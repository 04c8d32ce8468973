#!/usr/bin/env bash
# End-to-end benchmark (issue 6, docs/benchmarks.md): builds release binaries, starts the servers itself on
# loopback, and drives every scenario with the same load generator (wrk) in one run:
#   1 bare Hummingbird handler, same body       5 invalid tokens (401 path)
#   2 Gatehouse, no auth                         6 legacy session, SSE responses
#   3 one reused token, Claude and OpenAI preset 7 the official Python SDK server + PyJWT (the peer)
#   4 distinct valid tokens, uncached signature path, RS256 and ES256
#   8–10 gateway mode (`gatehouse serve --upstream`)
#   11–14 the product as shipped: `gatehouse serve --config` like a user's (an issuer whose JWKS comes from a local
#         static file server), 11 defaults on both presets, 12 JSON logs, 13 decision log off, 14 decision log and
#         metrics off (for attribution against row 3)
# then start-up time, idle RSS, RSS with 10k idle sessions, 1k concurrent SSE streams, and with --soak an RSS
# trend under load. Prints a table (req/s, p50, p99, server CPU, server RSS, ratio to row 1) and writes it to
# benchmark-results/bench.txt.
#   scripts/bench.sh [--smoke] [--seconds N] [--rounds N] [--connections N] [--soak SECONDS] [--shipped-only]
# --shipped-only: rows 1, 3 and 11–14 only (a few minutes), for work on the shipped server's speed.
# BENCH_GATEHOUSE=PATH runs rows 11–14 on that `gatehouse` instead (a before/after comparison of one change).
# Each scenario runs --rounds times (default 3), interleaved with the others so that drift in this shared VM hits
# every row alike; the table shows each row's median round.
# --smoke: debug binaries, 1 s per scenario, small counts — checks that the harness works (CI); its numbers mean
# nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=10 rounds=3 connections=32 tokens=2000 sessions=10000 streams=1000 soak=0 configuration=release shipped_only=0
while (($#)); do
    case $1 in
    --smoke) seconds=1 rounds=1 tokens=50 sessions=300 streams=50 configuration=debug ;;
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --soak) soak=$2; shift ;;
    --shipped-only) shipped_only=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh
bench_prerequisites
swift build -c "$configuration" --product MCPTestServer >/dev/null
swift build -c "$configuration" --product gatehouse >/dev/null
bin=$(swift build -c "$configuration" --show-bin-path)
clear_gatehouse_overrides
work=$(mktemp -d)
results=benchmark-results
mkdir -p "$results"
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
clock_ticks=$(getconf CLK_TCK)

port=$(free_port)
issuer="http://127.0.0.1:$port/dev-issuer"
origin="http://127.0.0.1:$port"
"$bin/MCPTestServer" --bench "$port" >"$work/bench.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 1 200); do grep -q '^listening on' "$work/bench.log" && break; sleep 0.05; done

one_claude=$(tokens_file dev-es256 "$origin/mcp/claude" 1)
one_openai=$(tokens_file dev-es256 "$origin/mcp/openai" 1)
many_rs=$(tokens_file dev-rs256 "$origin/mcp/uncached" "$tokens")
many_es=$(tokens_file dev-es256 "$origin/mcp/uncached" "$tokens")
invalid=$(tokens_file dev-es256 "$origin/mcp/claude" "$tokens" --invalid)
one_sse=$(tokens_file dev-es256 "$origin/mcp/sse" 1)
init='{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}'
session=$(curl -s -D - -o /dev/null "$origin/mcp/sse" -H "Authorization: Bearer $(cat "$one_sse")" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d "$init" |
    tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
legacy_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
legacy_headers="headers[\"MCP-Protocol-Version\"] = \"2025-06-18\"; headers[\"Mcp-Session-Id\"] = \"$session\""

# 11–14: the product as shipped. A user's configuration file: one issuer whose JWK Set is served by a static file
# server (python3 -m http.server), the default endpoints (both presets), logs to a file as a service manager would
# keep them; `whoami` (any valid token) called with one reused token.
mkdir -p "$work/static"
"$bin/gatehouse" keys jwks --keys Keys >"$work/static/jwks.json"
static_port=$(free_port)
python3 -m http.server "$static_port" --bind 127.0.0.1 --directory "$work/static" >"$work/static.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$static_port/jwks.json"
shipped_issuer="http://127.0.0.1:$static_port/issuer"
whoami_body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{},$meta}}"
whoami_headers='headers["MCP-Protocol-Version"] = "2026-07-28"; headers["Mcp-Method"] = "tools/call"; headers["Mcp-Name"] = "whoami"'
shipped_server() { # NAME LOGGING-AND-METRICS-YAML → starts `gatehouse serve --config`; sets shipped_pid, shipped_origin
    local port
    port=$(free_port)
    cat >"$work/$1.yaml" <<YAML
server:
  host: 127.0.0.1
  port: $port
issuers:
  - issuer: $shipped_issuer
    jwks_uri: http://127.0.0.1:$static_port/jwks.json
$2
YAML
    "${BENCH_GATEHOUSE:-$bin/gatehouse}" serve --config "$work/$1.yaml" >"$work/$1.out" 2>"$work/$1.log" &
    shipped_pid=$!
    pids+=("$shipped_pid")
    for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.05; done
    curl -s -o /dev/null "http://127.0.0.1:$port/readyz" || { cat "$work/$1.log" "$work/$1.out" >&2; exit 1; }
    shipped_origin="http://127.0.0.1:$port"
}
shipped_script() { # NAME ORIGIN ENDPOINT → a wrk script calling whoami there with one reused token
    local saved=$issuer
    issuer=$shipped_issuer
    lua_script "$1" "$(tokens_file dev-es256 "$2/mcp/$3" 1)" "$whoami_headers" "$whoami_body"
    issuer=$saved
}
shipped_server shipped-default ""
default_pid=$shipped_pid default_origin=$shipped_origin
shipped_server shipped-json $'logging:\n  format: json'
json_pid=$shipped_pid json_origin=$shipped_origin
shipped_server shipped-no-decisions $'logging:\n  auth_decisions: false'
quiet_pid=$shipped_pid quiet_origin=$shipped_origin
shipped_server shipped-no-decisions-no-metrics $'logging:\n  auth_decisions: false\nmetrics:\n  enabled: false'
silent_pid=$shipped_pid silent_origin=$shipped_origin
default_claude=$(shipped_script default-claude "$default_origin" claude)
default_openai=$(shipped_script default-openai "$default_origin" openai)
json_claude=$(shipped_script json-claude "$json_origin" claude)
quiet_claude=$(shipped_script quiet-claude "$quiet_origin" claude)
silent_claude=$(shipped_script silent-claude "$silent_origin" claude)
shipped_rows() {
    run "11-shipped-default-claude" "$default_pid" "$default_origin/mcp/claude" "$default_claude"
    run "11-shipped-default-openai" "$default_pid" "$default_origin/mcp/openai" "$default_openai"
    run "12-shipped-json-logs" "$json_pid" "$json_origin/mcp/claude" "$json_claude"
    run "13-shipped-no-decision-log" "$quiet_pid" "$quiet_origin/mcp/claude" "$quiet_claude"
    run "14-shipped-no-log-no-metrics" "$silent_pid" "$silent_origin/mcp/claude" "$silent_claude"
}

for _ in $(seq 1 "$rounds"); do
    # The bare row gets the very same request (headers and body) as row 2: only the handler differs.
    run "1-bare" "$server" "$origin/bare" "$(lua_script bare - "$modern_headers" "$modern_body")"
    run "3-one-token-claude" "$server" "$origin/mcp/claude" "$(lua_script claude "$one_claude" "$modern_headers" "$modern_body")"
    shipped_rows
    [ "$shipped_only" = 0 ] || continue
    run "2-no-auth" "$server" "$origin/open" "$(lua_script open - "$modern_headers" "$modern_body")"
    run "3-one-token-openai" "$server" "$origin/mcp/openai" "$(lua_script openai "$one_openai" "$modern_headers" "$modern_body")"
    run "4-distinct-tokens-RS256" "$server" "$origin/mcp/uncached" "$(lua_script rs "$many_rs" "$modern_headers" "$modern_body")"
    run "4-distinct-tokens-ES256" "$server" "$origin/mcp/uncached" "$(lua_script es "$many_es" "$modern_headers" "$modern_body")"
    run "5-invalid-tokens-401" "$server" "$origin/mcp/claude" "$(lua_script invalid "$invalid" "$modern_headers" "$modern_body")"
    run "6-session-sse" "$server" "$origin/mcp/sse" "$(lua_script sse "$one_sse" "$legacy_headers" "$legacy_body")"
done >"$work/rounds.txt"
kill "$default_pid" "$json_pid" "$quiet_pid" "$silent_pid"

# Each row's median round (by req/s), in scenario order, and its ratio to the bare row: each round's req/s divided by
# the bare row's req/s of the same round (measured moments before), then the median and range of those ratios — on a
# shared VM whose speed drifts by ±10 % within minutes, pairing within a round is what makes the ratio meaningful.
summarize() {
    python3 - "$work/rounds.txt" >"$work/rows.txt" <<'PY'
import statistics
import sys
rounds = {}
for line in open(sys.argv[1]):
    fields = line.split()
    rounds.setdefault(fields[0], []).append(fields)
bare = [float(fields[1]) for fields in rounds["1-bare"]]
for name, runs in sorted(rounds.items(), key=lambda item: int(item[0].split("-")[0])):
    ratios = [float(fields[1]) / bare[index % len(bare)] for index, fields in enumerate(runs)]
    middle = sorted(runs, key=lambda fields: float(fields[1]))[len(runs) // 2]
    print(" ".join(middle), "%.2f %.2f %.2f" % (statistics.median(ratios), min(ratios), max(ratios)))
PY
}
table() {
    echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $configuration build"
    echo "load: wrk -t2 -c$connections -d${seconds}s on the same machine (client and server share the cores); median of $rounds interleaved rounds"
    echo "×bare: median over rounds of req/s ÷ the same round's bare req/s (range in brackets)"
    printf '%-30s %10s %9s %9s %7s %6s %9s %7s %s\n' scenario req/s p50 p99 errors cpu rss_MiB ×bare range
    while read -r name rps p50 p99 errors cpu rss ratio low high; do
        printf '%-30s %10s %9s %9s %7s %6s %9s %7s [%s–%s]\n' "$name" "$rps" "$p50" "$p99" "$errors" "$cpu" "$rss" \
            "$ratio" "$low" "$high"
    done <"$work/rows.txt"
}
# run_soak: $soak seconds of one-token load on the `gatehouse serve` at $serve_port (pid $serve), its RSS sampled
# every 10 s; sets soak_line.
run_soak() {
    local serve_token soak_body soak_headers script soak_load samples=()
    serve_token=$("$bin/gatehouse" token mint --issuer "http://127.0.0.1:$serve_port/dev-issuer" \
        --audience "http://127.0.0.1:$serve_port/mcp/claude" --scope notes.read)
    echo "$serve_token" >"$work/serve-token.txt"
    soak_body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{},$meta}}"
    soak_headers='headers["MCP-Protocol-Version"] = "2026-07-28"; headers["Mcp-Method"] = "tools/call"; headers["Mcp-Name"] = "whoami"'
    script=$(lua_script soak "$work/serve-token.txt" "$soak_headers" "$soak_body")
    wrk -t2 -c"$connections" -d"${soak}s" -s "$script" "http://127.0.0.1:$serve_port/mcp/claude" >"$work/soak.txt" &
    soak_load=$!
    while kill -0 "$soak_load" 2>/dev/null; do samples+=("$(rss_mib "$serve")"); sleep 10; done
    soak_line="soak ${soak}s (gatehouse serve, one token, $connections connections): RSS samples every 10 s: ${samples[*]} MiB; $(awk '/Requests\/sec/ {print $2}' "$work/soak.txt") req/s"
}

if [ "$shipped_only" = 1 ]; then
    summarize
    table | tee "$results/bench-shipped.txt"
    if [ "$soak" -gt 0 ]; then
        serve_port=$(free_port)
        "$bin/gatehouse" serve --port "$serve_port" >"$work/serve.log" 2>&1 &
        serve=$!
        pids+=("$serve")
        wait_for "http://127.0.0.1:$serve_port/readyz"
        run_soak
        kill "$serve"
        echo "$soak_line" | tee -a "$results/bench-shipped.txt"
    fi
    exit 0
fi

# 7: the Python SDK peer, same tool, same token shape, same wrk script shape.
peer_port=$(free_port)
"$venv/bin/python" Benchmarks/peers/python_sdk_server.py "$peer_port" Keys >"$work/peer.log" 2>&1 &
peer=$!
pids+=("$peer")
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$peer_port/mcp" && break; sleep 0.1; done
issuer="http://127.0.0.1:$peer_port/dev-issuer"
peer_token=$(tokens_file dev-es256 "http://127.0.0.1:$peer_port/mcp" 1)
peer_script=$(lua_script peer "$peer_token" "$modern_headers" "$modern_body")
for _ in $(seq 1 "$rounds"); do
    run "7-python-sdk-pyjwt" "$peer" "http://127.0.0.1:$peer_port/mcp" "$peer_script"
done >>"$work/rounds.txt"
kill "$peer"

# 8–10: gateway mode, measured on the shipped `gatehouse serve` (its default logging and metrics) with --upstream:
# 8 is the Python SDK's server alone (unauthenticated), 9 the gateway in front of it (one token, Claude preset), 10
# the gateway in front of a fast upstream (row 2's unauthenticated endpoint), to show what the gateway adds.
upstream_port=$(free_port)
"$venv/bin/python" Tests/Gateway/upstream_server.py http "$upstream_port" - >"$work/upstream.log" 2>&1 &
upstream=$!
pids+=("$upstream")
wait_for "http://127.0.0.1:$upstream_port/mcp"
gateway_row() { # NAME UPSTREAM-URL → starts `gatehouse serve --upstream`; sets gateway_pid, gateway_script
    local port
    port=$(free_port)
    "$bin/gatehouse" serve --port "$port" --upstream "$2" >"$work/$1.log" 2>&1 &
    gateway_pid=$!
    pids+=("$gateway_pid")
    wait_for "http://127.0.0.1:$port/readyz"
    issuer="http://127.0.0.1:$port/dev-issuer"
    gateway_url="http://127.0.0.1:$port/mcp/claude"
    gateway_script=$(lua_script "$1" "$(tokens_file dev-es256 "$gateway_url" 1)" "$modern_headers" "$modern_body")
}
gateway_row gateway-python "http://127.0.0.1:$upstream_port/mcp"
python_gateway=$gateway_pid python_gateway_url=$gateway_url python_gateway_script=$gateway_script
gateway_row gateway-fast "$origin/open"
python_direct=$(lua_script python-direct - "$modern_headers" "$modern_body")
for _ in $(seq 1 "$rounds"); do
    run "8-python-sdk-direct" "$upstream" "http://127.0.0.1:$upstream_port/mcp" "$python_direct"
    run "9-gateway-to-python" "$python_gateway" "$python_gateway_url" "$python_gateway_script"
    run "10-gateway-to-fast" "$gateway_pid" "$gateway_url" "$gateway_script"
done >>"$work/rounds.txt"
kill "$upstream" "$python_gateway" "$gateway_pid"
summarize

# Memory: 10k idle sessions and 1k concurrent SSE streams (fresh bench servers).
memory_server() {
    local port
    port=$(free_port)
    "$bin/MCPTestServer" --bench "$port" >"$work/memory.log" 2>&1 &
    memory_pid=$!
    pids+=("$memory_pid")
    wait_for "http://127.0.0.1:$port/mcp/claude" 2>/dev/null || true
    memory_port=$port
}
memory_server
sessions_before=$(rss_mib "$memory_pid")
created=$(python3 Benchmarks/load/sessions.py "$memory_port" "$sessions" /open)
sessions_after=$(rss_mib "$memory_pid")
kill "$memory_pid"
memory_server
streams_before=$(rss_mib "$memory_pid")
python3 Benchmarks/load/streams.py "$memory_port" "$streams" /open 3 >"$work/streams.txt" &
streams_client=$!
for _ in $(seq 1 600); do grep -q '^open' "$work/streams.txt" && break; sleep 0.1; done
streams_open=$(sed -n 's/^open //p' "$work/streams.txt")
streams_after=$(rss_mib "$memory_pid")
wait "$streams_client" || true
kill "$memory_pid"

# Start-up and idle RSS of `gatehouse serve` (embedded default).
serve_port=$(free_port)
start=$(date +%s%N)
"$bin/gatehouse" serve --port "$serve_port" >"$work/serve.log" 2>&1 &
serve=$!
pids+=("$serve")
wait_for "http://127.0.0.1:$serve_port/readyz"
startup_ms=$((($(date +%s%N) - start) / 1000000))
sleep 1
idle_rss=$(rss_mib "$serve")

soak_line=""
if [ "$soak" -gt 0 ]; then run_soak; fi
kill "$serve"

claude=$(awk '$1=="3-one-token-claude" {print $2}' "$work/rows.txt")
python=$(awk '$1=="7-python-sdk-pyjwt" {print $2}' "$work/rows.txt")
{
    table
    printf 'row 3 (claude) / row 7 (python): %.1f×\n' "$(echo "$claude / $python" | bc -l)"
    python3 - "$work/rounds.txt" <<'PY'
import statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    fields = line.split()
    rounds.setdefault(fields[0], []).append(fields)
def ms(value):  # wrk latency: 812.00us, 1.20ms, 2.01s
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * scale
pairs = zip(rounds["9-gateway-to-python"], rounds["8-python-sdk-direct"])
ratios = [float(gateway[1]) / float(direct[1]) for gateway, direct in pairs]
print("gateway: row 9 / row 8 (through the gateway ÷ the Python server alone, same round): %.2f× [%.2f–%.2f]"
      % (statistics.median(ratios), min(ratios), max(ratios)))
added = statistics.median(ms(row[2]) for row in rounds["10-gateway-to-fast"]) - statistics.median(
    ms(row[2]) for row in rounds["2-no-auth"])
print("gateway: row 10 p50 − row 2 p50 (what the gateway adds in front of a fast upstream): %.3f ms" % added)
PY
    echo "gatehouse serve: start-up to /readyz ${startup_ms} ms; idle RSS ${idle_rss} MiB"
    echo "sessions: $created idle legacy sessions: RSS ${sessions_before} -> ${sessions_after} MiB"
    echo "SSE streams: ${streams_open:-0} concurrent GET streams: RSS ${streams_before} -> ${streams_after} MiB"
    [ -z "$soak_line" ] || echo "$soak_line"
} | tee "$results/bench.txt"
