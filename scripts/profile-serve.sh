#!/usr/bin/env bash
# Where a request through the shipped `gatehouse serve` spends its time (issue #15; docs/benchmarks.md, "Session 16").
# The server runs as bench.sh's row 11 does: a configuration file with one issuer whose JWKS comes from a local static
# file server, default logging and metrics, stderr to a file; wrk -t2 -c32 calls whoami with one reused token. Per
# request it prints the server's CPU (from /proc), its context switches (every thread's, from /proc), and — where
# perf can place uprobes on the Swift runtime (root, perf installed) — the concurrency jobs run and the executor
# switches taken (`swift_job_run`, `swift_task_switch`). With --perf it also records `perf record -g` to
# serve-perf.data. Expects release binaries (scripts/bench.sh builds them); BENCH_GATEHOUSE=PATH profiles another
# `gatehouse`.
#   scripts/profile-serve.sh [--seconds N] [--perf]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=6 record=0
while (($#)); do
    case $1 in
    --seconds) seconds=$2; shift ;;
    --perf) record=1 ;;
    *) echo "unknown option $1 (use --seconds N or --perf)" >&2; exit 2 ;;
    esac
    shift
done
bin=$(swift build -c release --show-bin-path)
[ -x "$bin/gatehouse" ] || { echo "no release gatehouse in $bin: run swift build -c release --product gatehouse" >&2; exit 1; }
connections=32
# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    perf probe -q -d 'probe_libswift_Concurrency:*' >/dev/null 2>&1 || true # uprobes slow every later process
    rm -rf "$work"
}
trap cleanup EXIT
bench_prerequisites
clear_gatehouse_overrides

mkdir -p "$work/static"
"$bin/gatehouse" keys jwks --keys Keys >"$work/static/jwks.json"
static_port=$(free_port) port=$(free_port)
python3 -m http.server "$static_port" --bind 127.0.0.1 --directory "$work/static" >"$work/static.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$static_port/jwks.json"
issuer="http://127.0.0.1:$static_port/issuer"
printf 'server:\n  host: 127.0.0.1\n  port: %s\nissuers:\n  - issuer: %s\n    jwks_uri: http://127.0.0.1:%s/jwks.json\n' \
    "$port" "$issuer" "$static_port" >"$work/serve.yaml"
gatehouse=${BENCH_GATEHOUSE:-$bin/gatehouse}
"$gatehouse" serve --config "$work/serve.yaml" >"$work/serve.out" 2>"$work/serve.log" &
server=$!
pids+=("$server")
wait_for "http://127.0.0.1:$port/readyz"
url="http://127.0.0.1:$port/mcp/claude"
body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{},$meta}}"
headers='headers["MCP-Protocol-Version"] = "2026-07-28"; headers["Mcp-Method"] = "tools/call"; headers["Mcp-Name"] = "whoami"'
script=$(lua_script whoami "$(tokens_file dev-es256 "$url" 1)" "$headers" "$body")
curl -s -o /dev/null -w '%{http_code}' -X POST "$url" | grep -q 401 || { echo "the server did not answer 401" >&2; exit 1; }

switches() { # every thread's voluntary + involuntary context switches
    cat /proc/"$server"/task/*/status | awk '/ctxt_switches/ {n += $2} END {print n}'
}
load() { wrk -t2 -c"$connections" -d"$1s" --latency -s "$script" "$url" >"$work/wrk.txt"; }
requests() { awk '/requests in/ {print $1}' "$work/wrk.txt"; }
load 2 # warm-up: key fetch, caches, allocator arenas
cpu_before=$(cpu_ticks "$server") switches_before=$(switches)
load "$seconds"
cpu_after=$(cpu_ticks "$server") switches_after=$(switches)
count=$(requests)
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
[ -z "$non2xx" ] || { echo "$non2xx responses were not 2xx: the profile would measure refusals" >&2; exit 1; }
! grep -q "Socket errors" "$work/wrk.txt" || { grep "Socket errors" "$work/wrk.txt" >&2; exit 1; }
[ "${count:-0}" -gt 0 ] || { echo "wrk completed no requests" >&2; exit 1; }
echo "load: wrk -t2 -c$connections -d${seconds}s, tools/call whoami on /mcp/claude, one reused token"
grep -E "Requests/sec| 50%| 99%" "$work/wrk.txt"
echo "server CPU per request:       $(echo "scale=1; ($cpu_after - $cpu_before) * 1000000 / $(getconf CLK_TCK) / $count" | bc) µs"
echo "context switches per request: $(echo "scale=2; ($switches_after - $switches_before) / $count" | bc)"

runtime=$(ldd "$gatehouse" | awk '/libswift_Concurrency/ {print $3}')
perf probe -q -d "probe_libswift_Concurrency:*" >/dev/null 2>&1 || true # left over from an interrupted run
if command -v perf >/dev/null && [ -n "$runtime" ] &&
    perf probe -q -x "$runtime" -a swift_job_run -a swift_task_switch 2>/dev/null; then
    # Uprobes slow every call they count, so these runs give counts per request, not speed.
    # Each response leaves in one writev(2) (checked: as many as wrk counts), so they count the requests.
    events=probe_libswift_Concurrency:swift_job_run,probe_libswift_Concurrency:swift_task_switch
    events+=,syscalls:sys_enter_writev
    load 4 &
    loader=$!
    pids+=("$loader")
    sleep 1
    perf stat -x, -e "$events" -p "$server" -- sleep 2 2>"$work/probes.txt" >/dev/null
    wait "$loader"
    perf probe -q -d 'probe_libswift_Concurrency:*' 2>/dev/null || true
    awk -F, '/sys_enter_writev/ {n = $1 + 0} /probe_/ {sub(/.*:/, "", $3); count[$3] = $1}
        END {
            if (n == 0) { print "jobs and executor switches per request: perf counted no writev(2)"; exit }
            for (name in count) printf "%-28s %.1f per request\n", name ":", count[name] / n
        }' "$work/probes.txt"
else
    echo "jobs and executor switches per request: not counted (needs perf with uprobe support, as root)"
fi
if [ "$record" = 1 ]; then
    load 7 &
    loader=$!
    pids+=("$loader")
    sleep 1
    perf record -F 1999 -g -p "$server" -o serve-perf.data -- sleep 5 >/dev/null 2>&1
    wait "$loader"
    echo "profile: serve-perf.data (perf report -i serve-perf.data --no-children --sort symbol)"
fi
