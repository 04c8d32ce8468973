#!/usr/bin/env bash
# `gatehouse doctor` against real servers: ours (both presets, with and without a token, a token for the wrong
# resource), ours deliberately misconfigured with a wrong `resource`, and the official Python SDK's own protected
# server. Each report is checked finding by finding (JSON output). Expects built binaries and the Python venv
# (scripts/test-clients.sh creates it).
set -euo pipefail
cd "$(dirname "$0")/.."
gatehouse="$PWD/.build/debug/gatehouse"
python="$PWD/Tests/Clients/python/.venv/bin/python"
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; fail "$1 never answered"; }

# status_of REPORT CHECK-ID → pass/warn/fail/skip (or "absent")
status_of() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next((c["status"] for c in r["checks"] if c["id"]==sys.argv[2]), "absent"))' "$1" "$2"
}
expect() { # REPORT CHECK-ID STATUS
    local got
    got=$(status_of "$1" "$2")
    [ "$got" = "$3" ] || { python3 -m json.tool "$1" >&2; fail "$(basename "$1"): $2 is $got, expected $3"; }
}
doctor() { # NAME EXPECTED-EXIT ARGS...
    local name=$1 want=$2 status=0
    shift 2
    "$gatehouse" doctor --json "$@" >"$work/$name.json" || status=$?
    [ "$status" = "$want" ] || { cat "$work/$name.json" >&2; fail "doctor $name exited $status, expected $want"; }
}

port=18451
"$gatehouse" serve --port "$port" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/healthz"
claude="http://127.0.0.1:$port/mcp/claude"

echo "-- our server, Claude preset"
doctor claude-anonymous 0 "$claude"
expect "$work/claude-anonymous.json" challenge pass
expect "$work/claude-anonymous.json" metadata.header pass
expect "$work/claude-anonymous.json" authorization_server.metadata pass
expect "$work/claude-anonymous.json" token skip
expect "$work/claude-anonymous.json" authorization_server.pkce pass
expect "$work/claude-anonymous.json" authorization_server.registration pass
warnings=$(python3 -c 'import json,sys; print(sum(c["status"] == "warn" for c in json.load(open(sys.argv[1]))["checks"]))' \
    "$work/claude-anonymous.json")
[ "$warnings" = 0 ] || { python3 -m json.tool "$work/claude-anonymous.json" >&2; fail "doctor warns $warnings times on the default"; }
pass "401 challenge, metadata at every location, the development issuer's sign-in discovered: no warnings"
doctor claude-client-credentials 0 "$claude" --client-id gatehouse-development-client \
    --client-secret development-secret-not-for-production --issuer "http://127.0.0.1:$port/dev-issuer" \
    --scope notes.read --scope notes.write
for id in token.client_credentials token.scope token.signature mcp.tools_call; do
    expect "$work/claude-client-credentials.json" "$id" pass
done
pass "the development client's client-credentials token, fetched by the doctor itself, passes every check"
token=$("$gatehouse" token mint --issuer "http://127.0.0.1:$port/dev-issuer" --audience "$claude" \
    --scope notes.read --scope notes.write)
doctor claude-token 0 "$claude" --token "$token"
for id in token.aud token.exp token.signature mcp.initialize mcp.tools_list mcp.tools_call mcp.2026_07_28; do
    expect "$work/claude-token.json" "$id" pass
done
pass "with a token: claims, signature against the published keys, initialize, tools/list, a read-only call"
other=$("$gatehouse" token mint --issuer "http://127.0.0.1:$port/dev-issuer" \
    --audience "http://127.0.0.1:$port/mcp/openai" --scope notes.read)
doctor claude-wrong-audience 1 "$claude" --token "$other"
expect "$work/claude-wrong-audience.json" token.aud fail
expect "$work/claude-wrong-audience.json" token.signature fail
expect "$work/claude-wrong-audience.json" mcp.initialize fail
grep -q audience_mismatch "$work/claude-wrong-audience.json" || fail "the report does not name audience_mismatch"
grep -q "a server answers HTTP 401" "$work/claude-wrong-audience.json" ||
    fail "the report does not give the server's answer (HTTP 401)"
pass "a token for another endpoint: aud and verification fail with audience_mismatch, the server's 401 named"

echo "-- our server, OpenAI preset"
doctor openai 0 "http://127.0.0.1:$port/mcp/openai"
expect "$work/openai.json" challenge warn
expect "$work/openai.json" metadata.path_inserted pass
expect "$work/openai.json" mcp.security_schemes pass
expect "$work/openai.json" mcp.tools_call pass
pass "anonymous discovery, securitySchemes, the public tool"

# A loopback name other than the one the client calls: development keys are allowed only with loopback resources.
echo "-- our server with a deliberately wrong resource"
wrong_port=18452
cat >"$work/wrong.yaml" <<YAML
server:
  port: $wrong_port
issuers:
  - issuer: http://127.0.0.1:$wrong_port/dev-issuer
    development_keys: Keys
endpoints:
  - name: claude
    preset: claude
    path: /mcp/claude
    resource: http://localhost:$wrong_port/mcp/claude
YAML
"$gatehouse" serve --config "$work/wrong.yaml" >"$work/wrong.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$wrong_port/healthz"
doctor wrong-resource 1 "http://127.0.0.1:$wrong_port/mcp/claude"
expect "$work/wrong-resource.json" metadata.header fail
expect "$work/wrong-resource.json" metadata fail
grep -q 'set resource to exactly http://127.0.0.1:18452/mcp/claude' "$work/wrong-resource.json" || fail "no fix given"
pass "the resource mismatch is a failure with the fix"

echo "-- the official Python SDK's protected server"
sdk_port=18453
SDK_SERVER_TOKEN=opaque-doctor-token "$python" Tests/Clients/python/sdk_protected_server.py "$sdk_port" \
    "http://127.0.0.1:$port/dev-issuer" >"$work/sdk.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$sdk_port/mcp" && break; sleep 0.2; done
doctor python-sdk 0 "http://127.0.0.1:$sdk_port/mcp" --token opaque-doctor-token
expect "$work/python-sdk.json" challenge pass
expect "$work/python-sdk.json" challenge.error warn
expect "$work/python-sdk.json" metadata.header pass
expect "$work/python-sdk.json" token.format warn
expect "$work/python-sdk.json" mcp.initialize pass
expect "$work/python-sdk.json" mcp.tools_call pass
pass "its challenge (error=invalid_token without a token: RFC 6750 §3.1 warning), metadata, a session"
doctor python-sdk-bad-token 1 "http://127.0.0.1:$sdk_port/mcp" --token not-the-token
expect "$work/python-sdk-bad-token.json" mcp.initialize fail
pass "a token it refuses fails initialize"
echo "doctor: ok"
