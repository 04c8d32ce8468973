#!/usr/bin/env bash
# Builds the example package (Examples/) and runs both examples as a user would: a server of one's own tools on
# GatehouseServer, and MCP plus the bearer middleware inside an existing Hummingbird application.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --package-path Examples --scratch-path .build-examples
bin=$(swift build --package-path Examples --scratch-path .build-examples --show-bin-path)
gatehouse="$PWD/.build/debug/gatehouse"
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "  ✓ $*"; }
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; fail "$1 never answered"; }
modern() { # URL TOKEN TOOL ARGUMENTS-JSON
    curl -s "$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -H 'Accept: application/json' \
        -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H "Mcp-Name: $3" \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$3\",\"arguments\":$4,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}"
}

echo "-- Examples/Sources/NotesServer: your own tools on GatehouseServer"
GATEHOUSE_SERVER_PORT=18471 "$bin/notes-server" >/dev/null 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:18471/healthz
resource=http://127.0.0.1:18471/mcp/claude
token=$("$gatehouse" token mint --issuer http://127.0.0.1:18471/dev-issuer --audience "$resource" --scope greetings)
modern "$resource" "$token" greet '{"name":"Ada"}' | grep -q 'Hello, Ada! (asked by dev-user via claude)' ||
    fail "greet did not answer"
reader=$("$gatehouse" token mint --issuer http://127.0.0.1:18471/dev-issuer --audience "$resource" --scope other)
code=$(curl -s -o /dev/null -w '%{http_code}' "$resource" -H "Authorization: Bearer $reader" \
    -H 'Content-Type: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' \
    -H 'Mcp-Name: greet' -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"greet","arguments":{"name":"x"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}')
[ "$code" = 403 ] || fail "greet without the greetings scope answered $code"
pass "greet works with its scope and is refused (403) without it"
listing=$(curl -s "$resource" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list' \
    -d '{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}')
grep -q '"description":"Whom to greet."' <<<"$listing" || fail "greet's name lost its doc comment description: $listing"
pass "greet's input schema describes name with its doc comment (the SchemaComments plugin)"

echo "-- Examples/Sources/ExistingApp: middleware in an existing Hummingbird app"
"$bin/existing-app" >/dev/null 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:8090/
origin=http://127.0.0.1:8090
[ "$(curl -s -o /dev/null -w '%{http_code}' "$origin/")" = 200 ] || fail "the app's own page"
challenge=$(curl -s -D - -o /dev/null "$origin/api/reports" | tr -d '\r' | sed -n 's/^[Ww][Ww][Ww]-[Aa]uthenticate: //p')
[[ "$challenge" == *'resource_metadata="http://127.0.0.1:8090/.well-known/oauth-protected-resource/api/reports"'* ]] ||
    fail "no challenge on the protected route: $challenge"
reports=$("$gatehouse" token mint --issuer "$origin/dev-issuer" --audience "$origin/api/reports" --scope reports.read)
curl -s "$origin/api/reports" -H "Authorization: Bearer $reports" | grep -q 'reports for dev-user' || fail "reports"
none=$("$gatehouse" token mint --issuer "$origin/dev-issuer" --audience "$origin/api/reports")
[ "$(curl -s -o /dev/null -w '%{http_code}' "$origin/api/reports" -H "Authorization: Bearer $none")" = 403 ] ||
    fail "a token without reports.read was not refused with 403"
mcp=$("$gatehouse" token mint --issuer "$origin/dev-issuer" --audience "$origin/mcp" --scope reports.read)
modern "$origin/mcp" "$mcp" report_count '{}' | grep -q '"text":"42"' || fail "the MCP tool"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$origin/api/reports" -H "Authorization: Bearer $mcp")" = 401 ] ||
    fail "a token for the MCP endpoint must not open the API route (audience)"
pass "the app's page is open; its API answers 401/403/200; the MCP endpoint works; audiences stay apart"
echo "examples: ok"
