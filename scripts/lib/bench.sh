# Shared by scripts/bench.sh and scripts/bench-compare.sh: ports, process CPU and RSS, token files, wrk scripts and
# one measured wrk run. Expects $work, $issuer, $connections, $seconds and $clock_ticks to be set where used.
venv=Benchmarks/peers/.venv

# wrk, bc and the Python environment for token minting and the peer server, installed when missing.
bench_prerequisites() {
    command -v wrk >/dev/null || scripts/install-dependencies.sh wrk
    command -v bc >/dev/null || scripts/install-dependencies.sh bc
    [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import jwt, mcp' 2>/dev/null || {
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r Benchmarks/peers/requirements.txt
    }
}
# The servers started here listen where their configuration says: no GATEHOUSE_* override from the caller's shell
# (GATEHOUSE_SERVER_HOST would rebind them). Called after the builds, which may read GATEHOUSE_STRICT.
clear_gatehouse_overrides() {
    local variable
    while IFS= read -r variable; do unset "$variable"; done < <(compgen -e | grep '^GATEHOUSE_' || true)
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer: $1" >&2; exit 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
tokens_file() { # KID AUDIENCE COUNT [--invalid] → file
    local file="$work/tokens-$1-$(echo "$2" | tr -c 'a-z0-9' _)-$3${4:-}.txt"
    [ -f "$file" ] || "$venv/bin/python" Benchmarks/peers/mint_tokens.py Keys "$1" "$issuer" "$2" "$3" ${4:-} >"$file"
    echo "$file"
}
lua_script() { # NAME TOKENS-FILE|- EXTRA-HEADERS-LUA BODY
    cat >"$work/$1.lua" <<LUA
local tokens = {}
local counter = 0
init = function(args)
    local path = "$2"
    if path ~= "-" then for line in io.lines(path) do tokens[#tokens + 1] = line end end
    counter = math.random(1, 1000)
end
request = function()
    local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream" }
    $3
    if #tokens > 0 then
        counter = counter + 1
        headers["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1]
    end
    return wrk.format("POST", nil, headers, [[$4]])
end
LUA
    echo "$work/$1.lua"
}

meta='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
modern_body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"},$meta}}"
modern_headers='headers["MCP-Protocol-Version"] = "2026-07-28"; headers["Mcp-Method"] = "tools/call"; headers["Mcp-Name"] = "echo"'

# run NAME PID URL LUA → a table row: name req/s p50 p99 errors cpu% rss
run() {
    local name=$1 pid=$2 url=$3 script=$4 before after
    before=$(cpu_ticks "$pid")
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "$url" >"$work/$name.txt"
    after=$(cpu_ticks "$pid")
    local rps p50 p99 errors cpu
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
    p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
    errors=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {n+=1} END {print n+0}' "$work/$name.txt")
    cpu=$(echo "($after - $before) * 100 / $clock_ticks / $seconds" | bc)
    echo "$name $rps $p50 $p99 $errors $cpu% $(rss_mib "$pid")"
}

