#!/usr/bin/env bash
# Before/after in one run (issue #13, "not slower"): two builds of the bench server (`MCPTestServer --bench`) — say
# the commit a change started from and the change — on the same machine, in the same minutes, rows 2 (no auth) and 3
# (one reused token, both presets) of scripts/bench.sh against each, interleaved round by round (the order swapped
# every round) with the bare handler row of the "after" server, so drift in a shared VM hits both alike.
#   scripts/bench-compare.sh BEFORE_BINARY AFTER_BINARY [--rounds N] [--seconds N] [--connections N]
# Build each with `swift build -c release --product MCPTestServer` in its own checkout (a `git worktree`). Prints
# each row's median req/s and p99 for both, the median of the per-round after/before ratios and their range.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/bench-compare.sh BEFORE_BINARY AFTER_BINARY [--rounds N] [--seconds N]" >&2; exit 2; }
before_bin=$1 after_bin=$2
shift 2
seconds=5 rounds=5 connections=32
while (($#)); do
    case $1 in
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
for binary in "$before_bin" "$after_bin"; do
    [ -x "$binary" ] || { echo "bench-compare: no executable at $binary (build it with swift build -c release --product MCPTestServer)" >&2; exit 2; }
done
# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh
bench_prerequisites
work=$(mktemp -d)
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
clock_ticks=$(getconf CLK_TCK)

declare -A port pid
for side in before after; do
    port[$side]=$(free_port)
    binary=$before_bin
    [ "$side" = after ] && binary=$after_bin
    "$binary" --bench "${port[$side]}" >"$work/$side.log" 2>&1 &
    pid[$side]=$!
    pids+=("${pid[$side]}")
    for _ in $(seq 1 200); do grep -q '^listening on' "$work/$side.log" && break; sleep 0.05; done
done

scripts_for() { # SIDE → sets open/claude/openai script paths for that server
    local origin="http://127.0.0.1:${port[$1]}"
    issuer="$origin/dev-issuer"
    open_script=$(lua_script "$1-open" - "$modern_headers" "$modern_body")
    claude_script=$(lua_script "$1-claude" "$(tokens_file dev-es256 "$origin/mcp/claude" 1)" "$modern_headers" "$modern_body")
    openai_script=$(lua_script "$1-openai" "$(tokens_file dev-es256 "$origin/mcp/openai" 1)" "$modern_headers" "$modern_body")
}
declare -A scripts
for side in before after; do
    scripts_for "$side"
    scripts[$side-open]=$open_script scripts[$side-claude]=$claude_script scripts[$side-openai]=$openai_script
done
bare_script=$(lua_script bare - "$modern_headers" "$modern_body")

for round in $(seq 1 "$rounds"); do
    order="before after"
    [ $((round % 2)) = 0 ] && order="after before"
    run "$round-1-bare" "${pid[after]}" "http://127.0.0.1:${port[after]}/bare" "$bare_script"
    for row in open claude openai; do
        for side in $order; do
            path=/open
            [ "$row" != open ] && path=/mcp/$row
            run "$round-$row-$side" "${pid[$side]}" "http://127.0.0.1:${port[$side]}$path" "${scripts[$side-$row]}"
        done
    done
done >"$work/rounds.txt"

python3 - "$work/rounds.txt" <<'PY'
import statistics
import sys
runs = {}
for line in open(sys.argv[1]):
    fields = line.split()
    round_, name = fields[0].split("-", 1)
    runs.setdefault(name, {})[int(round_)] = fields
def median(name, column):
    return statistics.median(float(runs[name][r][column].rstrip("ms")) for r in runs[name])
bare = runs["1-bare"]
print("| row | before req/s | after req/s | before ×bare | after ×bare | after/before (range) |")
print("|---|---:|---:|---:|---:|---|")
for row, label in [("open", "2 no auth"), ("claude", "3 one token, Claude"), ("openai", "3 one token, OpenAI")]:
    before, after = runs[f"{row}-before"], runs[f"{row}-after"]
    ratios = [float(after[r][1]) / float(before[r][1]) for r in before]
    bare_b = statistics.median(float(before[r][1]) / float(bare[r][1]) for r in before)
    bare_a = statistics.median(float(after[r][1]) / float(bare[r][1]) for r in after)
    print(f"| {label} | {median(row + '-before', 1):,.0f} | {median(row + '-after', 1):,.0f} | {bare_b:.2f} | "
          f"{bare_a:.2f} | {statistics.median(ratios):.3f} ({min(ratios):.3f}–{max(ratios):.3f}) |")
print(f"\nbare handler: {median('1-bare', 1):,.0f} req/s (median of {len(bare)} rounds)")
PY
