#!/usr/bin/env bash
# Gateway mode against real components (docs/gateway.md): upstreams built on the official Python SDK's server
# — one over Streamable HTTP recording every request's headers, one over stdio (shared, and one per principal) —
# and a FastMCP server over HTTP, behind both presets and an endpoint of its own of `gatehouse serve`, driven by
# the official Python SDK client in both eras; `gatehouse doctor --upstreams`. Then the faults: the HTTP upstream
# killed mid-call (the stdio one unaffected, recovery after restart), a stdio server that exits at start, and the
# one-line `--upstream` form. Expects built binaries and the Python venv (scripts/test-clients.sh creates it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh prometheus  # promtool
gatehouse="$PWD/.build/debug/gatehouse"
python="$PWD/Tests/Clients/python/.venv/bin/python"
upstream_server="$PWD/Tests/Gateway/upstream_server.py"
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh

up_port=18471
port=18472
origin="http://127.0.0.1:$port"
start_upstream() {
    "$python" "$upstream_server" http "$up_port" "$work/headers.jsonl" >>"$work/upstream.log" 2>&1 &
    upstream_pid=$!
    pids+=("$upstream_pid")
    for _ in $(seq 1 150); do
        kill -0 "$upstream_pid" 2>/dev/null || { cat "$work/upstream.log"; fail "the Python upstream exited"; }
        curl -s -o /dev/null "http://127.0.0.1:$up_port/mcp" && return 0
        sleep 0.1
    done
    fail "the Python upstream never answered"
}
start_upstream
# A second Python implementation as an upstream: FastMCP (PyPI), over Streamable HTTP.
"$(dirname "$python")/pip" install --quiet --disable-pip-version-check "fastmcp>=4,<5"
fast_port=18478
"$python" Tests/Gateway/fastmcp_upstream.py "$fast_port" >"$work/fastmcp.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$fast_port/mcp" || { cat "$work/fastmcp.log"; fail "the FastMCP upstream never answered"; }

dev_server_yaml "$port" "$origin" >"$work/gateway.yaml"
cat >>"$work/gateway.yaml" <<YAML
upstreams:
  notes:                          # the Python SDK server over Streamable HTTP
    url: http://127.0.0.1:$up_port/mcp
    forward_identity: true
    timeout_seconds: 2
    max_response_bytes: 8388608
    tools:
      admin_*: [notes.admin]      # step-up: a scope of its own
      echo: noauth                # OpenAI-style noauth; a token on the Claude endpoint
      fail: deny
      "*": []                     # every other tool: any token of the endpoint
    resources:
      "notes://*": [notes.read]
    prompts:
      "*": []
  local:                          # the same server over stdio, its tools under a prefix
    command: $python $upstream_server stdio
    prefix: local_
    tools:
      add: []
      admin_reset: [notes.admin]
      grow*: []                   # grow adds "grown" at run time and announces it
  fast:                           # FastMCP over Streamable HTTP
    url: http://127.0.0.1:$fast_port/mcp
    prefix: fast_
    tools:
      "*": [notes.read]
    resources:
      "fast://*": [notes.read]
    prompts:
      "*": []
  per-user:                       # the same server, one process per principal
    command: $python $upstream_server stdio
    process_per_principal: true
    prefix: user_
    tools:
      process: []
endpoints:
  - preset: claude                # both upstreams
  - preset: openai
  - name: local-only              # an endpoint of its own: only the stdio upstream
    preset: claude
    root_metadata: false          # /mcp/claude serves the root metadata document
    upstreams: [local]
    lists: permitted              # leave out what the caller's token may not call
YAML
"$gatehouse" config check "$work/gateway.yaml" >/dev/null || fail "config check refused the gateway configuration"
"$gatehouse" serve --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_for "$origin/healthz"
grep 'upstream ready' "$work/gateway.log" | grep -q 'upstream=notes' || { cat "$work/gateway.log"; fail "notes not ready"; }
grep 'upstream ready' "$work/gateway.log" | grep -q 'upstream=local' || { cat "$work/gateway.log"; fail "local not ready"; }
pass "both upstreams discovered at start-up (HTTP and stdio)"
curl -s "$origin/readyz" | grep -q '"upstreams":{"fast":"up","local":"up","notes":"up","per-user":"up"}' || { curl -s "$origin/readyz"; fail "/readyz"; }
pass "/readyz lists each upstream"

mint() { "$gatehouse" token mint --keys Keys --issuer "$origin/dev-issuer" --audience "$origin/mcp/$1" --subject gateway-user --scope "$2"; }
TOKEN_CLAUDE=$(mint claude notes.read)
TOKEN_CLAUDE_ADMIN=$(mint claude "notes.read notes.admin")
TOKEN_OPENAI=$(mint openai notes.read)
TOKEN_CLAUDE_OTHER=$("$gatehouse" token mint --keys Keys --issuer "$origin/dev-issuer" --audience "$origin/mcp/claude" --subject other-user --scope notes.read)
export TOKEN_CLAUDE TOKEN_CLAUDE_ADMIN TOKEN_OPENAI TOKEN_CLAUDE_OTHER

echo "-- gatehouse doctor --upstreams: each upstream reached as serve reaches it, and the names no rule serves"
"$gatehouse" doctor --upstreams "$work/gateway.yaml" >"$work/doctor.txt" || { cat "$work/doctor.txt"; fail "doctor --upstreams failed"; }
grep -q '✓ upstream.notes: http://127.0.0.1:'"$up_port"'/mcp answered in 2026-07-28: .* tools (.* served)' "$work/doctor.txt" &&
    grep -q '✓ upstream.local: .* (stdio) answered in' "$work/doctor.txt" &&
    grep -q '! upstream.local.unnamed: not served, no rule names them — tools: .*echo' "$work/doctor.txt" &&
    ! grep -q 'upstream.notes.unnamed' "$work/doctor.txt" || { cat "$work/doctor.txt"; fail "doctor --upstreams report"; }
sed "s|url: http://127.0.0.1:$up_port/mcp|url: http://127.0.0.1:1/mcp|" "$work/gateway.yaml" >"$work/down.yaml"
if "$gatehouse" doctor --upstreams "$work/down.yaml" >"$work/doctor-down.txt"; then fail "doctor passed an unreachable upstream"; fi
grep -q '✗ upstream.notes: http://127.0.0.1:1/mcp did not answer: unreachable' "$work/doctor-down.txt" ||
    { cat "$work/doctor-down.txt"; fail "doctor does not name the unreachable upstream"; }
sed -n 's/^  ✓ \(upstream\.[a-z-]*\): [^ ]* \(.*\)answered in \([0-9-]*\).*/    \1 speaks \3/p' "$work/doctor.txt"
pass "doctor --upstreams: reached (revision, tools served), unnamed names warned, an unreachable upstream fails (exit 1)"

echo "-- the Python SDK client through both presets, both eras"
"$python" Tests/Gateway/gateway_client_check.py "$origin" || { tail -40 "$work/gateway.log"; fail "gateway client checks"; }

echo "-- Claude-style step-up for a mapped scope (raw HTTP)"
body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"admin_reset","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
status=$(curl -s -D "$work/403.headers" -o /dev/null -w '%{http_code}' "$origin/mcp/claude" \
    -H "Authorization: Bearer $TOKEN_CLAUDE" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: admin_reset' -d "$body")
[ "$status" = 403 ] || fail "admin_reset with notes.read: HTTP $status, expected 403"
grep -i '^www-authenticate:.*insufficient_scope.*notes.admin' "$work/403.headers" >/dev/null ||
    { cat "$work/403.headers"; fail "no insufficient_scope challenge naming notes.admin"; }
pass "admin_reset without notes.admin: 403 insufficient_scope naming it"

echo "-- an endpoint serving one upstream"
token_local=$("$gatehouse" token mint --keys Keys --issuer "$origin/dev-issuer" --audience "$origin/mcp/local-only" --subject gateway-user --scope notes.read)
local_rpc() { # METHOD PARAMS-JSON [NAME] → the response body on /mcp/local-only
    curl -s "$origin/mcp/local-only" -H "Authorization: Bearer $token_local" -H 'Content-Type: application/json' \
        -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H "Mcp-Method: $1" ${3:+-H "Mcp-Name: $3"} \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}"
}
meta='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
listed=$(local_rpc tools/list "{$meta}")
echo "$listed" | grep -q '"name":"local_add"' && ! echo "$listed" | grep -q '"name":"add"' ||
    { echo "$listed"; fail "/mcp/local-only does not list exactly the stdio upstream's tools"; }
echo "$listed" | grep -q '"name":"local_admin_reset"' && fail "lists: permitted listed a tool needing notes.admin"
token_local_admin=$("$gatehouse" token mint --keys Keys --issuer "$origin/dev-issuer" --audience "$origin/mcp/local-only" --subject gateway-user --scope "notes.read notes.admin")
token_local="$token_local_admin" local_rpc tools/list "{$meta}" | grep -q '"name":"local_admin_reset"' ||
    fail "lists: permitted hid local_admin_reset from a token with notes.admin"
local_rpc tools/call "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2},$meta}" add | grep -q '"code":-32602' ||
    fail "/mcp/local-only routed a tool of an upstream it does not serve"
local_rpc tools/call "{\"name\":\"local_add\",\"arguments\":{\"a\":1,\"b\":2},$meta}" local_add | grep -q '\\"sum\\": 3' ||
    fail "/mcp/local-only cannot call its own upstream's tool"
pass "/mcp/local-only lists and routes only the stdio upstream (add: -32602; local_add: called)"
pass "lists: permitted shows local_admin_reset only to a token with notes.admin"

echo "-- FastMCP as an upstream: typed and structured tools, a resource, a prompt"
fast_rpc() { # METHOD PARAMS-JSON NAME → the response body on /mcp/claude
    curl -s "$origin/mcp/claude" -H "Authorization: Bearer $TOKEN_CLAUDE" -H 'Content-Type: application/json' \
        -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H "Mcp-Method: $1" -H "Mcp-Name: $3" \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}"
}
fast_rpc tools/call "{\"name\":\"fast_multiply\",\"arguments\":{\"a\":6,\"b\":7},$meta}" fast_multiply | grep -q '"text":"42.0"' ||
    { fast_rpc tools/call "{\"name\":\"fast_multiply\",\"arguments\":{\"a\":6,\"b\":7},$meta}" fast_multiply; fail "fast_multiply"; }
fast_rpc tools/call "{\"name\":\"fast_stats\",\"arguments\":{\"values\":[3,9,4]},$meta}" fast_stats |
    grep -q '"structuredContent":{[^}]*"sum":16' || fail "fast_stats: no structured result"
fast_rpc tools/call "{\"name\":\"fast_multiply\",\"arguments\":{\"a\":\"six\",\"b\":7},$meta}" fast_multiply |
    grep -q '"isError":true' || fail "FastMCP's own argument error is not relayed"
fast_rpc resources/read "{\"uri\":\"fast://motd\",$meta}" fast://motd | grep -q 'served by FastMCP' || fail "fast://motd"
fast_rpc prompts/get "{\"name\":\"fast_review\",\"arguments\":{\"code\":\"x = 1\"},$meta}" fast_review |
    grep -q 'Please review' || fail "fast_review"
pass "FastMCP upstream: fast_multiply 42.0, fast_stats structured, its argument error relayed, resource and prompt"

echo "-- one stdio process per principal"
process_of() { # SUBJECT → "pid subject" of the per-user process serving that subject
    local token
    token=$("$gatehouse" token mint --keys Keys --issuer "$origin/dev-issuer" --audience "$origin/mcp/claude" --subject "$1" --scope notes.read)
    curl -s "$origin/mcp/claude" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: user_process' \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"user_process\",\"arguments\":{},$meta}}" |
        "$python" -c 'import json,sys; r=json.load(sys.stdin); s=json.loads(r["result"]["content"][0]["text"]); print(s["pid"], s["subject"], s["issuer"])'
}
read -r pid_alice subject_alice issuer_alice < <(process_of alice)
read -r pid_bob subject_bob _ < <(process_of bob)
read -r pid_alice_again _ _ < <(process_of alice)
[ "$subject_alice" = alice ] && [ "$subject_bob" = bob ] && [ "$issuer_alice" = "$origin/dev-issuer" ] ||
    fail "per-principal processes were not told their principal ($subject_alice, $subject_bob, $issuer_alice)"
[ "$pid_alice" != "$pid_bob" ] && [ "$pid_alice" = "$pid_alice_again" ] ||
    fail "processes per principal: alice $pid_alice then $pid_alice_again, bob $pid_bob"
pass "process_per_principal: alice and bob get processes of their own (told who they serve); alice's is kept"

echo "-- no token passthrough: what the HTTP upstream received"
"$python" - "$work/headers.jsonl" "$TOKEN_CLAUDE" "$TOKEN_CLAUDE_ADMIN" "$TOKEN_OPENAI" <<'PY'
import json, sys
requests = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
tokens = sys.argv[2:]
assert len(requests) > 20, len(requests)
for request in requests:
    headers = request["headers"]
    assert "authorization" not in headers, headers
    assert not any(token in json.dumps(headers) for token in tokens), "a caller's token reached the upstream"
callers = [r["headers"] for r in requests if "gatehouse-caller-subject" in r["headers"]]
assert callers and all(h["gatehouse-caller-subject"] == "gateway-user" for h in callers), callers
assert all("gatehouse-caller-issuer" in h for h in callers)
cancelled = [r for r in requests if r["headers"].get("mcp-method") == "notifications/cancelled"]
assert len(cancelled) >= 4, f"{len(cancelled)} cancellations reached the upstream, expected one per preset and era"
print(f"  {len(requests)} upstream requests: no Authorization, no caller token; identity on {len(callers)}; cancellations relayed")
PY
pass "no caller token reached the upstream; identity headers as configured; cancellation relayed"

echo "-- the HTTP upstream killed mid-call: a named error, the stdio upstream unaffected, recovery after restart"
call() { # ENDPOINT TOOL ARGUMENTS-JSON → the response body
    curl -s "$origin/mcp/claude" -H "Authorization: Bearer $TOKEN_CLAUDE" -H 'Content-Type: application/json' \
        -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H "Mcp-Name: $1" \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":$2,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}"
}
call hang '{}' >"$work/killed.json" &
caller=$!
sleep 0.5
kill "$upstream_pid"
wait "$caller" || true
grep -q '"code":-32603' "$work/killed.json" && grep -q 'Upstream \\"notes\\"' "$work/killed.json" ||
    { cat "$work/killed.json"; fail "the call in flight did not get a named -32603"; }
grep -q '"upstream":"notes"' "$work/killed.json" || { cat "$work/killed.json"; fail "no data.upstream"; }
call local_add '{"a":1,"b":2}' | grep -q '\\"sum\\": 3' || fail "the stdio upstream was disturbed"
call add '{"a":1,"b":2}' | grep -q '"cause":"unreachable"' || fail "a call to the stopped upstream is not named unreachable"
curl -s "$origin/readyz" | grep -q '"notes":"down: unreachable"' || { curl -s "$origin/readyz"; fail "/readyz does not say notes is down"; }
start_upstream
call add '{"a":1,"b":2}' | grep -q '\\"sum\\": 3' || fail "no recovery after the upstream restarted"
pass "in-flight call: -32603 naming notes; local_ unaffected; unreachable while down; recovered after restart"
sleep 5.5  # the metrics are sampled every five seconds
curl -s "$origin/metrics" >"$work/metrics.txt"
grep -q '^gatehouse_upstream_up{upstream="local"} 1' "$work/metrics.txt" || fail "no gatehouse_upstream_up for local"
grep -Eq '^gatehouse_upstream_failures_total\{(cause="unreachable",upstream="notes"|upstream="notes",cause="unreachable")\} [1-9]' \
    "$work/metrics.txt" || { grep upstream "$work/metrics.txt"; fail "no unreachable failures counted for notes"; }
grep -Eq '^gatehouse_upstream_tools_served\{upstream="local"\} [1-9]' "$work/metrics.txt" || fail "no tools_served for local"
promtool check metrics <"$work/metrics.txt" || fail "promtool rejects the exposition"
pass "metrics per upstream (up, tools served, failures by cause); promtool accepts them"

echo "-- shutdown stops the stdio upstream's process"
gateway_pid=$(pgrep -f "serve --config $work/gateway.yaml")
mapfile -t children < <(pgrep -f "upstream_server.py stdio" -P "$gateway_pid" || true)
# local, per-user's own (the lists), and one per principal that called user_process (alice, bob)
[ "${#children[@]}" -ge 4 ] || fail "expected at least 4 stdio children of the gateway, found ${#children[@]}"
kill -TERM "$gateway_pid"
for _ in $(seq 1 100); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
for child in "${children[@]}"; do
    kill -0 "$child" 2>/dev/null && fail "a stdio upstream ($child) outlived the gateway"
done
pass "SIGTERM: the gateway exits and all ${#children[@]} stdio upstream processes are stopped"

echo "-- a stdio server that exits at start, and the one-line --upstream form"
"$gatehouse" serve --port $((port + 1)) --upstream-command "/bin/sh -c 'echo starting >&2; exit 3'" >"$work/exits.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$((port + 1))/healthz" || { cat "$work/exits.log"; ps aux | grep -v grep | grep gatehouse; exit 1; }
grep -q 'upstream not reachable at start-up' "$work/exits.log" || { cat "$work/exits.log"; fail "no start-up warning"; }
grep 'stream=stderr' "$work/exits.log" | grep -q 'starting' || { cat "$work/exits.log"; fail "the child's stderr is not in the log"; }
status=$(curl -s -o "$work/ready.json" -w '%{http_code}' "http://127.0.0.1:$((port + 1))/readyz")
[ "$status" = 503 ] && grep -q '"upstreams_never_reached":\["upstream"\]' "$work/ready.json" ||
    { cat "$work/ready.json"; fail "/readyz of a server whose only upstream never started: $status"; }
pass "an upstream that exits at start: warned, its stderr logged, /readyz 503 naming it, the server still serves"
"$gatehouse" serve --port $((port + 2)) --upstream "http://127.0.0.1:$up_port/mcp" >"$work/oneline.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$((port + 2))/healthz"
grep -Eq 'tools_served=[1-9][0-9]* upstream=upstream' "$work/oneline.log" || { cat "$work/oneline.log"; fail "--upstream not ready"; }
pass "gatehouse serve --upstream URL serves the Python server"
echo "gateway: ok"
