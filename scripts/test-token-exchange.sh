#!/usr/bin/env bash
# Gateway token exchange (RFC 8693) against real components (docs/gateway.md, "Token exchange"): an authorization
# server built on Authlib (PyPI) with the token-exchange grant, the official Python SDK's server as the upstream
# recording every request's headers, and `gatehouse serve` between them. Proves the upstream receives the
# exchanged token (the caller's subject, audience the upstream, `act` naming the gateway) and never the caller's,
# that exchanges are cached per principal and token, that the lists use the gateway's own client-credentials token,
# and that a refused exchange is a named error for that caller only. Expects built binaries and the Python venv
# (scripts/test-clients.sh creates it).
set -euo pipefail
cd "$(dirname "$0")/.."
gatehouse="$PWD/.build/debug/gatehouse"
venv="$PWD/Tests/Clients/python/.venv"
python="$venv/bin/python"
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh
"$venv/bin/pip" install --quiet --disable-pip-version-check "authlib>=1.6,<2" "flask>=3,<4"

as_port=18475
up_port=18476
port=18477
origin="http://127.0.0.1:$port"
upstream="http://127.0.0.1:$up_port/mcp"
echo "dev-secret-$RANDOM$RANDOM" >"$work/client-secret"
"$python" Tests/Gateway/exchange_authorization_server.py "$as_port" "$work/client-secret" "$origin/dev-issuer" \
    "$origin/mcp/claude" "$work/issued.jsonl" >"$work/as.log" 2>&1 &
pids+=($!)
"$python" Tests/Gateway/upstream_server.py http "$up_port" "$work/headers.jsonl" >"$work/upstream.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$as_port/health" || { cat "$work/as.log"; fail "the Authlib server never answered"; }
wait_for "$upstream" || { cat "$work/upstream.log"; fail "the Python upstream never answered"; }

dev_server_yaml "$port" "$origin" >"$work/gateway.yaml"
cat >>"$work/gateway.yaml" <<YAML
upstreams:
  notes:
    url: $upstream
    tools:
      "*": []
    token_exchange:
      token_endpoint: http://127.0.0.1:$as_port/token
      client_id: gatehouse-gw
      client_secret_file: $work/client-secret
      scope: notes
YAML
"$gatehouse" config check "$work/gateway.yaml" >/dev/null || fail "config check refused the token-exchange configuration"
"$gatehouse" serve --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_for "$origin/healthz"
grep 'upstream ready' "$work/gateway.log" | grep -q 'upstream=notes' || { cat "$work/gateway.log" "$work/as.log"; fail "notes not ready"; }
pass "the lists were fetched with the gateway's own token (client credentials from the Authlib server)"

mint() { "$gatehouse" token mint --keys Keys --issuer "$origin/dev-issuer" --audience "$origin/mcp/claude" --subject "$1" --scope notes.read; }
call() { # TOKEN TOOL ARGUMENTS-JSON → the response body (2026-07-28, sessionless)
    curl -s "$origin/mcp/claude" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H "Mcp-Name: $2" \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$2\",\"arguments\":$3,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}"
}
legacy_call() { # TOKEN → initialize, then tools/call add in a 2025-06-18 session
    local session
    session=$(curl -s -D - -o /dev/null "$origin/mcp/claude" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' \
        -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' |
        tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
    curl -s "$origin/mcp/claude" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-06-18' \
        -d '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3}}}'
}

alice=$(mint alice)
call "$alice" add '{"a":1,"b":2}' | grep -q '\\"sum\\": 3' || { cat "$work/gateway.log"; fail "a call through the exchange failed"; }
call "$alice" add '{"a":2,"b":2}' | grep -q '\\"sum\\": 4' || fail "a second call failed"
legacy_call "$alice" | grep -q '\\"sum\\": 5' || fail "a legacy-session call through the exchange failed"
alice_refreshed=$(mint alice)
call "$alice_refreshed" add '{"a":1,"b":1}' | grep -q '\\"sum\\": 2' || fail "a call with a new token failed"
bob=$(mint bob)
call "$bob" add '{"a":5,"b":5}' | grep -q '\\"sum\\": 10' || fail "bob's call failed"
pass "calls of both eras reach the upstream through exchanged tokens"

blocked=$(call "$(mint blocked-user)" add '{"a":1,"b":1}')
echo "$blocked" | grep -q '"code":-32603' && echo "$blocked" | grep -q '"cause":"credentials_unavailable"' ||
    { echo "$blocked"; fail "a refused exchange is not a -32603 naming credentials"; }
grep -q 'invalid_grant' "$work/gateway.log" || fail "the log does not name the authorization server's invalid_grant"
curl -s "$origin/readyz" | grep -q '"notes":"up"' || { curl -s "$origin/readyz"; fail "one caller's refusal marked notes down"; }
call "$bob" add '{"a":1,"b":2}' | grep -q '\\"sum\\": 3' || fail "another caller was disturbed by the refusal"
pass "a refused exchange: -32603 naming the cause for that caller only; the upstream stays up"

echo "-- what the Authlib server issued and what the upstream received"
"$python" - "$work/issued.jsonl" "$work/headers.jsonl" "$upstream" "$alice" "$alice_refreshed" "$bob" <<'PY'
import base64, json, sys
issued = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
requests = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
requests = [r for r in requests if not r["headers"].get("user-agent", "").startswith("curl/")]  # the readiness probe
upstream, caller_tokens = sys.argv[3], sys.argv[4:]
exchanges = [i for i in issued if i["grant"].endswith("token-exchange")]
by_subject = {s: sum(1 for i in exchanges if i["sub"] == s) for s in ("alice", "bob")}
# alice: one exchange for her first token (3 calls, two eras: cached), one for her refreshed token; bob: one.
assert by_subject == {"alice": 2, "bob": 1}, (by_subject, exchanges)
assert all(i["aud"] == upstream and i["scope"] == "notes" for i in exchanges), exchanges
assert any(i["grant"] == "client_credentials" and i["sub"] == "gatehouse-gw" for i in issued), issued

def claims(header):
    payload = header.split(" ", 1)[1].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))

seen, calls = {}, {}
for r in requests:
    headers = r["headers"]
    assert not any(t in json.dumps(headers) for t in caller_tokens), "a caller's token reached the upstream"
    assert "authorization" in headers, f"a request without the gateway's token: {r['method']} {headers}"
    c = claims(headers["authorization"])
    assert c["aud"] == upstream, c
    seen.setdefault(c["sub"], set()).add(headers.get("mcp-method"))
    if headers.get("mcp-method") == "tools/call":
        calls[c["sub"]] = calls.get(c["sub"], 0) + 1
    if c["sub"] != "gatehouse-gw":
        assert c["act"] == {"sub": "gatehouse-gw"}, c
assert "tools/list" in seen["gatehouse-gw"], seen  # discovery under the gateway's own identity
assert {"alice", "bob"} <= set(seen), seen
assert calls == {"alice": 4, "bob": 2}, calls  # the legacy-session call too: the upstream speaks 2026-07-28
print(f"  {len(exchanges)} exchanges ({by_subject}); {len(requests)} upstream requests, each with a token for the upstream, none the caller's")
PY
pass "exchanged per principal and token (cached across calls and eras), act names the gateway, no caller token forwarded"
grep -q "$alice" "$work/gateway.log" && fail "the gateway logged a caller's token"
grep -q "dev-secret" "$work/gateway.log" && fail "the gateway logged its client secret"
pass "neither the caller's token nor the client secret is in the gateway's log"
echo "token exchange: ok"
