#!/usr/bin/env bash
# `gatehouse serve` as a user runs it: the embedded default starts, the commands it prints work, the metrics parse
# with promtool, JSON logs are JSON, `config check`/`config example` behave, and SIGTERM shuts down gracefully
# while an SSE stream is open, and a stalled or vanished log reader neither stalls requests nor kills the server.
# Expects a built `.build/debug/gatehouse` (scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh prometheus
gatehouse="$PWD/.build/debug/gatehouse"
work=$(mktemp -d)
port=18431
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/serve.err" ] && tail -20 "$work/serve.err" >&2; exit 1; }
pass() { echo "  ✓ $*"; }

echo "-- configuration commands"
"$gatehouse" config example >"$work/example.yaml"
"$gatehouse" config check "$work/example.yaml" | grep -q "valid" || fail "the printed example does not validate"
pass "config example validates with config check"
printf 'issuers:\n  - issuer: https://id.example.com\n    jwks_uri: https://id.example.com/jwks\n    leway_seconds: 5\n' \
    >"$work/typo.yaml"
status=0
"$gatehouse" config check "$work/typo.yaml" 2>"$work/typo.err" || status=$?
[ "$status" = 78 ] || fail "config check of an unknown key exited $status, expected 78"
grep -q 'issuers\[0\].leway_seconds' "$work/typo.err" && grep -q 'did you mean "leeway_seconds"' "$work/typo.err" ||
    fail "the unknown-key error does not name the key and the fix: $(cat "$work/typo.err")"
pass "config check names an unknown key and suggests the fix (exit 78)"
status=0
GATEHOUSE_SERVER_PROT=1 "$gatehouse" serve 2>"$work/env.err" || status=$?
[ "$status" = 78 ] && grep -q GATEHOUSE_SERVER_PROT "$work/env.err" || fail "an unknown GATEHOUSE_ variable was not refused"
pass "an unknown GATEHOUSE_… variable is refused"

echo "-- the embedded default"
"$gatehouse" serve --port "$port" --log-format json >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do grep -q "^  curl" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
grep -q "listening on http://127.0.0.1:$port" "$work/serve.out" || fail "no banner"
grep -q "DEVELOPMENT ISSUER" "$work/serve.out" || fail "the banner does not flag the development issuer"
sed -n 's/^  \(TOKEN=.*\)$/\1/p; s/^  \(curl .*\)$/\1/p' "$work/serve.out" >"$work/try.sh"
[ "$(wc -l <"$work/try.sh")" = 2 ] || fail "the banner does not print the two commands"
(cd / && bash "$work/try.sh") >"$work/try.out"
grep -q '"subject":"dev-user"' "$work/try.out" || fail "the printed commands did not call whoami: $(cat "$work/try.out")"
pass "the printed mint + curl commands call whoami as dev-user, pasted in another directory"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
[ "$code" = 200 ] || fail "/readyz answered $code"
pass "/healthz and /readyz"

curl -s "http://127.0.0.1:$port/metrics" >"$work/metrics.txt"
grep -q 'gatehouse_requests_total{endpoint="claude",method="tools/call",outcome="allowed"' "$work/metrics.txt" ||
    fail "the call is not counted"
promtool check metrics <"$work/metrics.txt" || fail "promtool rejects the exposition"
pass "/metrics parses with promtool check metrics"

python3 - "$work/serve.err" <<'PY' || fail "a log line is not a JSON object"
import json, sys
lines = [line for line in open(sys.argv[1]) if line.strip()]
events = [json.loads(line) for line in lines]
decisions = [e for e in events if e.get("message") == "auth.decision"]
assert decisions and decisions[-1]["outcome"] == "allowed" and "subject_hash" in decisions[-1], decisions
assert all("dev-user" not in line for line in lines), "the subject leaked into the logs"
PY
pass "JSON logs: one auth.decision object per request, subject hashed"

echo "-- a log reader that stalls, then one that goes away"
# Standard error is a pipe whose reader never reads: once its buffer is full, the log writer's write(2) blocks. With
# a 100-record queue, requests must go on being answered, the excess must be dropped and counted, and when the
# reader goes away (EPIPE, SIGPIPE ignored) the server must live on and still shut down promptly.
stall_port=18432
mkfifo "$work/stalled"
sleep 600 <"$work/stalled" &
reader_pid=$!
GATEHOUSE_LOGGING_QUEUE_LINES=100 "$gatehouse" serve --port "$stall_port" >"$work/stall.out" 2>"$work/stalled" &
stall_pid=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$stall_port/readyz" && break; sleep 0.1; done
stall_token=$("$gatehouse" token mint --issuer "http://127.0.0.1:$stall_port/dev-issuer" \
    --audience "http://127.0.0.1:$stall_port/mcp/claude" --scope notes.read)
timeout 60 python3 - "$stall_port" "$stall_token" <<'PY' || fail "requests stalled or failed behind a stalled log reader"
import http.client, json, sys
port, token = sys.argv[1], sys.argv[2]
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "whoami", "arguments": {},
    "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}}})
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json",
    "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "whoami"}
connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
for _ in range(3000):
    connection.request("POST", "/mcp/claude", body, headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
PY
dropped=0
for _ in $(seq 1 80); do
    dropped=$(curl -s "http://127.0.0.1:$stall_port/metrics" | awk '/^gatehouse_log_records_dropped_total/ {print $2}')
    [ "${dropped:-0}" -gt 0 ] && break
    sleep 0.1
done
[ "${dropped:-0}" -gt 0 ] || fail "no dropped log records were counted behind a stalled reader"
pass "3000 requests answered behind a stalled log reader; $dropped records dropped and counted"
kill "$reader_pid"
wait "$reader_pid" 2>/dev/null || true
curl -s "http://127.0.0.1:$stall_port/mcp/claude" -X POST -H "Authorization: Bearer $stall_token" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' \
    -H 'Mcp-Method: tools/call' -H 'Mcp-Name: whoami' \
    -d '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}' >"$work/after.out"
grep -q dev-user "$work/after.out" || fail "the server did not answer after its log reader went away: $(cat "$work/after.out")"
kill -0 "$stall_pid" || fail "the server died when its log reader went away"
start=$(date +%s%N)
kill -TERM "$stall_pid"
wait "$stall_pid" || fail "the server exited with an error after losing its log reader"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed_ms" -lt 5000 ] || fail "shutdown took ${elapsed_ms} ms without a log reader"
pass "the log reader went away: the server answered, lived on and shut down in ${elapsed_ms} ms"

echo "-- graceful shutdown with an open SSE stream"
token=$("$gatehouse" token mint --issuer "http://127.0.0.1:$port/dev-issuer" \
    --audience "http://127.0.0.1:$port/mcp/claude" --scope notes.read)
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"1"}}}'
session=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/mcp/claude" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d "$init" |
    tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
[ -n "$session" ] || fail "no session"
curl -s -N "http://127.0.0.1:$port/mcp/claude" -H "Authorization: Bearer $token" -H "Mcp-Session-Id: $session" \
    -H 'MCP-Protocol-Version: 2025-06-18' -H 'Accept: text/event-stream' >"$work/stream.out" &
stream_pid=$!
sleep 0.5
kill -0 "$stream_pid" || fail "the SSE stream did not stay open"
start=$(date +%s%N)
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server exited with an error after SIGTERM"
server_pid=""
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
wait "$stream_pid" || true
[ "$elapsed_ms" -lt 5000 ] || fail "shutdown took ${elapsed_ms} ms with an open stream (grace is 10 s; streams must close at once)"
grep -q '^retry:' "$work/stream.out" || fail "the stream never opened"
pass "SIGTERM closed the SSE stream and exited cleanly in ${elapsed_ms} ms"
echo "serve smoke test: ok"
