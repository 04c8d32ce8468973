#!/usr/bin/env bash
# Scale-out, tested: two `gatehouse serve` instances (instance ids a and b) behind nginx on loopback, using
# deploy/nginx/gatehouse.conf. Sessionless 2026-07-28 calls must reach both instances; every 2025-06-18 session
# must keep working through nginx (routed by its Mcp-Session-Id prefix) — and must not work on the other instance.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh nginx-light
gatehouse="$PWD/.build/debug/gatehouse"
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -5 "$work"/*.log >&2 || true; exit 1; }
pass() { echo "  ✓ $*"; }

front=18461 a=18462 b=18463
origin="http://127.0.0.1:$front"
for instance in a b; do
    port=${!instance}
    GATEHOUSE_SERVER_INSTANCE_ID=$instance "$gatehouse" serve --port "$port" --public-url "$origin" \
        >"$work/$instance.log" 2>&1 &
    pids+=($!)
done
sed -e "s/127.0.0.1:8081/127.0.0.1:$a/g" -e "s/127.0.0.1:8082/127.0.0.1:$b/g" -e "s/listen 8080;/listen 127.0.0.1:$front;/" \
    deploy/nginx/gatehouse.conf >"$work/gatehouse.conf"
mkdir -p "$work/tmp"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    include $work/gatehouse.conf;
}
CONF
[ "$(id -u)" = 0 ] && sed -i '1i user root;' "$work/nginx.conf"
nginx -t -c "$work/nginx.conf" -p "$work" >/dev/null 2>&1 || { nginx -t -c "$work/nginx.conf" -p "$work"; fail "nginx rejects the configuration"; }
nginx -c "$work/nginx.conf" -p "$work"
for port in $a $b; do
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
done
pass "nginx accepts deploy/nginx/gatehouse.conf; two instances up"

resource="$origin/mcp/claude"
token=$("$gatehouse" token mint --issuer "$origin/dev-issuer" --audience "$resource" --scope notes.read)
modern=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'Accept: application/json'
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: whoami')
body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
for _ in $(seq 1 20); do
    code=$(curl -s -o "$work/out.json" -w '%{http_code}' "$resource" "${modern[@]}" -d "$body")
    [ "$code" = 200 ] && grep -q '"subject":"dev-user"' "$work/out.json" || fail "a sessionless call through nginx answered $code"
done
count() {
    curl -s "http://127.0.0.1:$1/metrics" |
        sed -n 's/^gatehouse_requests_total{endpoint="claude",method="tools\/call",outcome="allowed",reason="none"} //p'
}
served_a=$(count "$a")
served_b=$(count "$b")
[ "${served_a:-0}" -gt 0 ] && [ "${served_b:-0}" -gt 0 ] || fail "round-robin: a served ${served_a:-0}, b served ${served_b:-0}"
pass "20 sessionless calls round-robined: a served $served_a, b served $served_b"

init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"scale","version":"1"}}}'
call='{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami","arguments":{}}}'
legacy=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
sessions=()
for _ in $(seq 1 10); do
    session=$(curl -s -D - -o /dev/null "$resource" "${legacy[@]}" -d "$init" | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
    [ -n "$session" ] || fail "initialize through nginx returned no session"
    sessions+=("$session")
done
prefixes=$(printf '%s\n' "${sessions[@]}" | cut -c1-2 | sort -u | tr '\n' ' ')
[ "$prefixes" = "a. b. " ] || fail "sessions were not spread over both instances: $prefixes"
for session in "${sessions[@]}"; do
    code=$(curl -s -o "$work/call.out" -w '%{http_code}' "$resource" "${legacy[@]}" -H "Mcp-Session-Id: $session" \
        -H 'MCP-Protocol-Version: 2025-06-18' -d "$call")
    [ "$code" = 200 ] && grep -q 'dev-user' "$work/call.out" || fail "session $session answered $code through nginx"
done
pass "10 sessions (on a and b) each answered through nginx"
session=${sessions[0]}
wrong=$([ "${session:0:1}" = a ] && echo "$b" || echo "$a")
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$wrong/mcp/claude" "${legacy[@]}" \
    -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-06-18' -d "$call")
[ "$code" = 404 ] || fail "the other instance answered $code for a session it does not hold (expected 404)"
pass "the other instance does not know the session (404): the routing is what keeps sessions working"
echo "scale-out: ok"
