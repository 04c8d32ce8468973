#!/usr/bin/env bash
# Start-up as a new user meets it (issue #12, findings 15–17): every start-up mistake is one line naming what and
# where, with the fix, exit 78 (configuration) or 1 (cannot listen), and never a trap or a backtrace — in a debug
# build, where a trap would show. Also: `config check` finds what `serve` would not start with; the Kubernetes
# service-link variables of a Service named gatehouse are tolerated; SIGHUP is ignored and logged; a fetch refused
# is logged. Expects a built `.build/debug/gatehouse` (scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
gatehouse="$PWD/.build/debug/gatehouse"
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh
port=18441

# expect_failure STATUS PATTERN COMMAND…: runs COMMAND (at most 20 s); it must exit STATUS, print exactly one line
# to stderr that matches PATTERN, and show no trap.
expect_failure() {
    local want=$1 pattern=$2
    shift 2
    local status=0
    timeout 20 "$@" >"$work/out" 2>"$work/err" || status=$?
    [ "$status" = "$want" ] || fail "$* exited $status, expected $want: $(head -5 "$work/err")"
    ! grep -qE 'Fatal error|Stack dump|backtrace|NSCocoaErrorDomain|errno: ' "$work/err" ||
        fail "$* trapped or printed a raw error: $(head -5 "$work/err")"
    [ "$(grep -c . "$work/err")" = 1 ] || fail "$* printed more than one line: $(head -5 "$work/err")"
    grep -qE "$pattern" "$work/err" || fail "$* did not say /$pattern/: $(cat "$work/err")"
}

# wait_ready PORT: until /readyz answers 200 (at most 10 s).
wait_ready() {
    for _ in $(seq 1 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz" || true)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}

echo "-- start-up mistakes: one line, the fix, no trap"
"$gatehouse" serve --port "$port" >"$work/first.out" 2>"$work/first.err" &
pids+=($!)
wait_ready "$port" || fail "the first server did not start: $(cat "$work/first.err")"
expect_failure 1 "127.0.0.1:$port is already in use.*--port" "$gatehouse" serve --port "$port"
pass "port in use: names the address and --port (exit 1)"

(cd "$work" && expect_failure 78 "no development key folder at $work/Keys.*--keys" "$gatehouse" serve --port 18442)
pass "no Keys/ folder (run outside the repository): names where it looked and --keys (exit 78)"

printf 'issuers:\n  - issuer: https://id.example.com\n    jwks_file: %s/missing.json\n' "$work" >"$work/jwks-file.yaml"
expect_failure 78 "issuers\[0\].jwks_file.*no file at $work/missing.json" "$gatehouse" serve --config "$work/jwks-file.yaml"
pass "a missing jwks_file names the key and the path (exit 78)"
expect_failure 78 "no file at $work/missing.json" "$gatehouse" config check "$work/jwks-file.yaml"
pass "config check finds the missing jwks_file too"

printf 'issuers:\n  - issuer: https://id.example.com\n    development_keys: %s/nokeys\n' "$work" >"$work/dev.yaml"
expect_failure 78 "development_keys.*no development key folder at $work/nokeys" "$gatehouse" config check "$work/dev.yaml"
pass "config check finds a missing development key folder"

printf 'issuers:\n  - issuer: https://id.example.com\n    shared_secret_env: GH_SECRET\n' >"$work/hmac.yaml"
GH_SECRET=abc expect_failure 78 "HS256 needs at least 32" "$gatehouse" config check "$work/hmac.yaml"
pass "a 3-byte HMAC secret is refused by config check (RFC 7518 §3.2)"

expect_failure 78 "development keys are public" "$gatehouse" serve --port 18443 --public-url https://mcp.example.com
pass "development keys behind a public URL are refused"

echo "-- the Kubernetes service-link variables of a Service named gatehouse"
GATEHOUSE_SERVICE_HOST=10.96.0.11 GATEHOUSE_SERVICE_PORT=8080 GATEHOUSE_SERVICE_PORT_HTTP=8080 \
    GATEHOUSE_PORT=tcp://10.96.0.11:8080 GATEHOUSE_PORT_8080_TCP=tcp://10.96.0.11:8080 \
    GATEHOUSE_PORT_8080_TCP_PROTO=tcp GATEHOUSE_PORT_8080_TCP_PORT=8080 GATEHOUSE_PORT_8080_TCP_ADDR=10.96.0.11 \
    "$gatehouse" serve --port 18444 >"$work/k8s.out" 2>"$work/k8s.err" &
k8s_pid=$!
pids+=("$k8s_pid")
wait_ready 18444 || fail "the server did not start with service-link variables: $(cat "$work/k8s.err")"
pass "the server starts with every service-link variable set"
GATEHOUSE_PORT=8080 expect_failure 78 "GATEHOUSE_PORT: unknown variable" "$gatehouse" serve --port 18445
pass "a GATEHOUSE_PORT that is not a service link is still refused"

echo "-- SIGHUP is ignored and logged"
kill -HUP "$k8s_pid"
sleep 0.5
kill -0 "$k8s_pid" 2>/dev/null || fail "SIGHUP ended the server"
wait_ready 18444 || fail "the server stopped answering after SIGHUP"
grep -q "SIGHUP ignored" "$work/k8s.err" || fail "SIGHUP was not logged: $(cat "$work/k8s.err")"
pass "SIGHUP: still serving, one log line says it was ignored"

echo "-- a key set that cannot be fetched is logged, and the banner shows both addresses"
printf 'server:\n  port: 18446\n  public_url: https://public.example\nissuers:\n  - issuer: https://id.example.com\n    jwks_uri: https://127.0.0.1:1/jwks\n' \
    >"$work/unreachable.yaml"
"$gatehouse" serve --config "$work/unreachable.yaml" >"$work/unreachable.out" 2>"$work/unreachable.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q "key set fetch failed" "$work/unreachable.err" 2>/dev/null && break; sleep 0.1; done
grep -q "warning.*key set fetch failed" "$work/unreachable.err" ||
    fail "an unreachable JWKS URL logged nothing: $(cat "$work/unreachable.err")"
pass "an unreachable JWKS URL is logged as a warning"
grep -q "listening on http://127.0.0.1:18446" "$work/unreachable.out" && grep -q "public URL https://public.example" "$work/unreachable.out" ||
    fail "the banner does not show the bound address and the public URL: $(cat "$work/unreachable.out")"
pass "the banner shows the bound address and the public URL"

echo "-- token inspect with keys that cannot be fetched: the report, the failed check and the server's 503"
token=$("$gatehouse" token mint --audience http://127.0.0.1:18446/mcp/claude --issuer https://id.example.com)
status=0
"$gatehouse" token inspect "$token" --resource http://127.0.0.1:18446/mcp/claude --issuer https://id.example.com \
    --jwks http://127.0.0.1:1/jwks >"$work/inspect.out" 2>"$work/inspect.err" || status=$?
[ "$status" = 1 ] || fail "token inspect exited $status, expected 1: $(cat "$work/inspect.err")"
grep -q "✗ signature .*keys_unavailable" "$work/inspect.out" && grep -q "REJECTED (HTTP 503" "$work/inspect.out" ||
    fail "token inspect did not report the key check and 503: $(cat "$work/inspect.out" "$work/inspect.err")"
"$gatehouse" token inspect "$token" --resource http://127.0.0.1:18446/mcp/claude --issuer https://id.example.com \
    --jwks http://127.0.0.1:1/jwks --json >"$work/inspect.json" || true
grep -q '"status" : 503' "$work/inspect.json" || grep -q '"status": 503' "$work/inspect.json" ||
    fail "token inspect --json has no status 503: $(cat "$work/inspect.json")"
pass "token inspect: keys unavailable is a report with HTTP 503, as the server answers"

echo "-- token inspect --config FILE --endpoint NAME judges as that endpoint; the flags speak the configuration's words"
# expect_refusal PATTERN COMMAND…: COMMAND exits non-zero and says PATTERN on stderr, with no raw error or trap.
expect_refusal() {
    local pattern=$1 status=0
    shift
    timeout 20 "$@" >"$work/out" 2>"$work/err" || status=$?
    [ "$status" != 0 ] || fail "$* was accepted"
    ! grep -qE 'Fatal error|Stack dump|NSCocoaErrorDomain|errno: ' "$work/err" || fail "$* printed a raw error: $(head -5 "$work/err")"
    grep -qE -- "$pattern" "$work/err" || fail "$* did not say /$pattern/: $(cat "$work/err")"
}
printf 'server:\n  port: 8300\nissuers:\n  - issuer: http://127.0.0.1:8300/dev-issuer\n    development_keys: Keys\n    token_type: at+jwt-or-jwt\nendpoints:\n  - name: claude\n    preset: claude\n    base_scopes: [notes.read]\n  - name: openai\n    preset: openai\n' \
    >"$work/inspect.yaml"
claude_token=$("$gatehouse" token mint --issuer http://127.0.0.1:8300/dev-issuer --audience http://127.0.0.1:8300/mcp/claude --scope notes.read)
"$gatehouse" token inspect "$claude_token" --config "$work/inspect.yaml" --endpoint claude >"$work/inspect.out" \
    2>"$work/inspect.err" || fail "a good token was refused by --config: $(cat "$work/inspect.out")"
grep -q "note: judging as endpoint claude of $work/inspect.yaml: resource http://127.0.0.1:8300/mcp/claude" "$work/inspect.err" ||
    fail "token inspect --config did not say which resource it judged: $(cat "$work/inspect.err")"
# The environment moves the resource as it would for the server, and the note says so.
status=0
GATEHOUSE_SERVER_PORT=9999 "$gatehouse" token inspect "$claude_token" --config "$work/inspect.yaml" --endpoint claude \
    >"$work/inspect.out" 2>"$work/inspect.err" || status=$?
[ "$status" = 1 ] && grep -q "resource http://127.0.0.1:9999/mcp/claude" "$work/inspect.err" ||
    fail "GATEHOUSE_SERVER_PORT did not move the judged resource, or the note did not say so: $(cat "$work/inspect.err")"
status=0
"$gatehouse" token inspect "$claude_token" --config "$work/inspect.yaml" --endpoint openai >"$work/inspect.out" || status=$?
[ "$status" = 1 ] && grep -q "✗ aud " "$work/inspect.out" ||
    fail "the openai endpoint did not refuse the claude token on its audience: $(cat "$work/inspect.out")"
pass "token inspect --config: accepted on its endpoint, refused on the other for its audience"
expect_refusal "name one with --endpoint \(claude, openai\)" "$gatehouse" token inspect "$claude_token" --config "$work/inspect.yaml"
expect_refusal "no endpoint has that name.*claude, openai" "$gatehouse" token inspect "$claude_token" --config "$work/inspect.yaml" --endpoint nope
expect_refusal "--typ cannot be combined with --config" "$gatehouse" token inspect "$claude_token" --config "$work/inspect.yaml" --endpoint claude --typ at+jwt
expect_refusal "--typ at\+jwt-or-none is now at\+jwt-or-untyped" "$gatehouse" token inspect "$claude_token" --resource http://127.0.0.1:8300/mcp/claude --typ at+jwt-or-none
expect_refusal "--issuer is required with --jwks" "$gatehouse" token inspect "$claude_token" --resource http://x.example/mcp --jwks https://id.example.com/jwks
expect_refusal '--jwks: "/nonexistent/jwks.json" — no file at /nonexistent/jwks.json' "$gatehouse" token inspect "$claude_token" --resource http://x.example/mcp --issuer https://id.example.com --jwks /nonexistent/jwks.json
printf '{"keys": 5}' >"$work/bad-jwks.json"
expect_refusal "--jwks: \"$work/bad-jwks.json\" — not a valid JWK Set: the key set has no \"keys\" array" "$gatehouse" token inspect "$claude_token" --resource http://x.example/mcp --issuer https://id.example.com --jwks "$work/bad-jwks.json"
printf '{"keys": []}' >"$work/empty-jwks.json"
expect_refusal "the JWK Set has no usable keys" "$gatehouse" token inspect "$claude_token" --resource http://x.example/mcp --issuer https://id.example.com --jwks "$work/empty-jwks.json"
# The development keys are public: a token they sign that names any other issuer proves nothing.
foreign_token=$("$gatehouse" token mint --issuer https://login.example.com/tenant --audience http://x.example/mcp)
expect_refusal "--issuer is required: the token's iss https://login.example.com/tenant is not a development issuer" \
    "$gatehouse" token inspect "$foreign_token" --resource http://x.example/mcp
expect_refusal '--additional-audience "": an audience is' "$gatehouse" token inspect "$claude_token" \
    --resource http://127.0.0.1:8300/mcp/claude --additional-audience ""
pass "token inspect: mixing --config with rule flags, an unknown endpoint, the old --typ spelling, a missing --issuer, a missing, malformed or empty JWKS file, a foreign iss with the development keys, an empty audience: named"
# Without --issuer the development keys judge the token's own iss: a server on port 8300 gets the real reason.
status=0
"$gatehouse" token inspect "$claude_token" --resource http://127.0.0.1:8300/mcp/openai >"$work/inspect.out" 2>"$work/inspect.err" ||
    status=$?
grep -q "note: no --issuer: judging the token's own iss http://127.0.0.1:8300/dev-issuer" "$work/inspect.err" ||
    fail "token inspect did not say whose iss it judged: $(cat "$work/inspect.err")"
[ "$status" = 1 ] && grep -q "✗ aud " "$work/inspect.out" && ! grep -q "unknown_issuer" "$work/inspect.out" ||
    fail "token inspect without --issuer did not report the audience: $(cat "$work/inspect.out")"
"$gatehouse" token inspect "$claude_token" --resource http://127.0.0.1:8300/mcp/claude/ --trailing-slash ignored \
    --required-claim sub --additional-audience api://unused >"$work/inspect.out" 2>"$work/inspect.err" ||
    fail "the issuer flags under the configuration's names did not apply: $(cat "$work/inspect.out")"
pass "token inspect: no silent port-8080 issuer; trailing_slash, required_claims, additional_audiences as flags"
echo "-- shell completions, as the README installs them"
"$gatehouse" --generate-completion-script bash >"$work/gatehouse.bash"
bash -n "$work/gatehouse.bash" && grep -q -- "--endpoint" "$work/gatehouse.bash" ||
    fail "the bash completion script does not parse or lacks token inspect's options"
for shell in zsh fish; do
    "$gatehouse" --generate-completion-script "$shell" >"$work/gatehouse.$shell"
    grep -q "inspect" "$work/gatehouse.$shell" || fail "no $shell completion script"
done
pass "bash, zsh and fish completion scripts are generated (bash parses, with every subcommand's options)"
echo "start-up test: ok"
