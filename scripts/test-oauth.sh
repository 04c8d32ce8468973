#!/usr/bin/env bash
# End to end with a real authorization server: installs and configures Glewlwyd (Debian package) on loopback,
# starts the test server trusting its issuers, and drives both endpoint profiles with the official Python SDK
# (bearer tokens from client_credentials, the SDK's ClientCredentialsOAuthProvider discovery flow, and its interactive
# OAuthClientProvider: dynamic registration + PKCE authorization code with a scripted user login and consent).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
cleanup() {
    # Stop the servers and wait for them (Glewlwyd may still be writing its log), then remove the scratch folder;
    # a leftover file must not fail a passing run.
    kill ${server:-} ${GLEWLWYD_PID:-} ${gateway:-} ${upstream:-} 2>/dev/null || true
    for pid in ${server:-} ${GLEWLWYD_PID:-} ${gateway:-} ${upstream:-}; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$work" 2>/dev/null || { sleep 0.5; rm -rf "$work" 2>/dev/null; } || true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
gateway_port=$(free_port)
upstream_port=$(free_port)
# The resources Glewlwyd may issue tokens for: the test server's endpoints, the gateway's Claude endpoint (callers),
# and the gateway's upstream (the gateway's own client-credentials token, audience-restricted to it).
scripts/glewlwyd/start.sh "$work/glewlwyd" "http://127.0.0.1:$port/mcp/claude" "http://127.0.0.1:$port/mcp/openai" \
    "http://127.0.0.1:$gateway_port/mcp/claude" "http://127.0.0.1:$upstream_port/mcp"
. "$work/glewlwyd/env"
swift build --product MCPTestServer
.build/debug/MCPTestServer --authorization-server "$GLEWLWYD_BASE" "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q '^listening on' "$work/server.log" && break; sleep 0.1; done
venv=Tests/Clients/python/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
fi
"$venv/bin/pip" install --quiet "mcp>=2.3,<3"
"$venv/bin/python" -W ignore::DeprecationWarning Tests/Clients/python/oauth_integration_check.py "http://127.0.0.1:$port" "$GLEWLWYD_BASE"

echo "-- gatehouse doctor: a client-credentials token from Glewlwyd, and the secret withheld from an issuer not named"
gatehouse=.build/debug/gatehouse
doctor_status() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next((c["status"] for c in r["checks"] if c["id"]==sys.argv[2]), "absent"))' "$1" "$2"; }
"$gatehouse" doctor --json "http://127.0.0.1:$port/mcp/claude" --client-id mcp-m2m --client-secret s3cret-m2m \
    --issuer "$GLEWLWYD_BASE/api/oidc" >"$work/doctor.json" || true
for id in token.client_credentials token.aud token.signature mcp.initialize mcp.tools_list; do
    [ "$(doctor_status "$work/doctor.json" "$id")" = pass ] || { python3 -m json.tool "$work/doctor.json"; echo "FAIL: doctor $id"; exit 1; }
done
echo "  ✓ doctor obtained a token with client credentials (RFC 8707 resource) and used it end to end"
"$gatehouse" doctor --json "http://127.0.0.1:$port/mcp/claude" --client-id mcp-m2m --client-secret s3cret-m2m \
    --issuer "$GLEWLWYD_BASE/api/oidc-es" >"$work/doctor-wrong.json" && { echo "FAIL: doctor passed with the wrong issuer"; exit 1; }
[ "$(doctor_status "$work/doctor-wrong.json" token.client_credentials)" = fail ] &&
    [ "$(doctor_status "$work/doctor-wrong.json" mcp.initialize)" = absent ] ||
    { python3 -m json.tool "$work/doctor-wrong.json"; echo "FAIL: the secret was not withheld"; exit 1; }
echo "  ✓ with an --issuer the server does not name, the secret is not sent and nothing runs on a token"

echo "-- gateway: the upstream gets a client-credentials token of the gateway's own (RFC 8707 audience), never the caller's"
Tests/Clients/python/.venv/bin/python Tests/Gateway/upstream_server.py http "$upstream_port" "$work/upstream-headers.jsonl" \
    >"$work/upstream.log" 2>&1 &
upstream=$!
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$upstream_port/mcp" && break; sleep 0.1; done
cat >"$work/gateway.yaml" <<YAML
server:
  port: $gateway_port
issuers:
  - issuer: $GLEWLWYD_BASE/api/oidc
    metadata_url: $GLEWLWYD_BASE/api/oidc/.well-known/openid-configuration
upstreams:
  notes:
    url: http://127.0.0.1:$upstream_port/mcp
    oauth:                        # the gateway's own token; resource defaults to the url
      token_endpoint: $GLEWLWYD_BASE/api/oidc/token
      client_id: mcp-m2m
      client_secret_env: NOTES_UPSTREAM_SECRET
      scope: notes.read
    tools:
      "*": []
YAML
NOTES_UPSTREAM_SECRET=s3cret-m2m .build/debug/gatehouse serve --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
gateway=$!
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$gateway_port/readyz" && break; sleep 0.1; done
grep 'upstream ready' "$work/gateway.log" | grep -q 'upstream=notes' || { cat "$work/gateway.log"; echo "FAIL: upstream not ready"; exit 1; }
caller=$(curl -s -u mcp-m2m:s3cret-m2m "$GLEWLWYD_BASE/api/oidc/token" -d grant_type=client_credentials \
    -d scope=notes.read --data-urlencode "resource=http://127.0.0.1:$gateway_port/mcp/claude" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
meta='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
answer=$(curl -s "http://127.0.0.1:$gateway_port/mcp/claude" -H "Authorization: Bearer $caller" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' \
    -H 'Mcp-Method: tools/call' -H 'Mcp-Name: echo' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"via glewlwyd\"},$meta}}")
grep -q 'via glewlwyd' <<<"$answer" || { echo "$answer"; tail -20 "$work/gateway.log"; echo "FAIL: call through the gateway"; exit 1; }
python3 - "$work/upstream-headers.jsonl" "$caller" "http://127.0.0.1:$upstream_port/mcp" <<'PY'
import base64, json, sys
requests = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
# The script's own readiness probe (curl) is not the gateway's.
requests = [r for r in requests if not r["headers"].get("user-agent", "").startswith("curl/")]
caller, audience = sys.argv[2], sys.argv[3]
bearers = {r["headers"].get("authorization", "") for r in requests}
assert all(b.startswith("Bearer ") for b in bearers), bearers
tokens = {b[len("Bearer "):] for b in bearers}
assert caller not in tokens, "the caller's token reached the upstream"
assert len(tokens) == 1, f"{len(tokens)} different upstream tokens for one cached credential"
payload = json.loads(base64.urlsafe_b64decode(next(iter(tokens)).split(".")[1] + "=="))
assert payload["client_id"] == "mcp-m2m" and audience in (payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]), payload
print(f"  {len(requests)} upstream requests, each with the gateway's own token (client mcp-m2m, aud {audience})")
PY
echo "  ✓ the upstream saw only the gateway's client-credentials token, audience-restricted to it, fetched once"
