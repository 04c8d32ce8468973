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
    kill ${server:-} ${GLEWLWYD_PID:-} 2>/dev/null || true
    for pid in ${server:-} ${GLEWLWYD_PID:-}; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$work" 2>/dev/null || { sleep 0.5; rm -rf "$work" 2>/dev/null; } || true
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
scripts/glewlwyd/start.sh "$work/glewlwyd" "http://127.0.0.1:$port/mcp/claude" "http://127.0.0.1:$port/mcp/openai"
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
