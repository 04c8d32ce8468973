#!/usr/bin/env bash
# `gatehouse init`: scaffolds each template (basic, oauth, gateway) against this checkout, builds it and runs its
# tests, as a user would after `gatehouse init NAME`; starts the basic one and checks that `gatehouse doctor` finds
# its development sign-in; checks the refusals (bad name, unknown template, a folder in use). The packages build in
# the examples' scratch folder (.build-examples, which scripts/test-examples.sh fills), so the dependencies are
# compiled once.
set -euo pipefail
cd "$(dirname "$0")/.."
gatehouse="$PWD/.build/debug/gatehouse"
scratch="$PWD/.build-examples"
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh

for template in basic oauth gateway; do
    name="scaffold-$template"
    "$gatehouse" init "$name" --template "$template" --output "$work/$name" --gatehouse-path "$PWD" >"$work/init.out"
    grep -q "swift run $name" "$work/init.out" || { cat "$work/init.out"; fail "init did not print the run command"; }
    for file in Package.swift README.md Dockerfile .gitignore gatehouse.yaml Keys/dev-es256.pem; do
        [ -f "$work/$name/$file" ] || fail "$template: $file is missing"
    done
    [ "$(stat -c %a "$work/$name/Keys/dev-es256.pem")" = 600 ] || fail "$template: the private key is readable by others"
    (cd "$work/$name" && swift build --scratch-path "$scratch" >"$work/build.log" 2>&1) ||
        { tail -40 "$work/build.log"; fail "$template: the scaffolded package does not build"; }
    (cd "$work/$name" && swift test --scratch-path "$scratch" >"$work/test.log" 2>&1) ||
        { tail -40 "$work/test.log"; fail "$template: the scaffolded package's tests fail"; }
    grep -qE "Test run with [1-9][0-9]* tests? .*passed" "$work/test.log" || { tail "$work/test.log"; fail "$template: no tests ran"; }
    "$gatehouse" config check "$work/$name/gatehouse.yaml" >/dev/null || fail "$template: gatehouse.yaml is not valid"
    pass "$template: scaffolded, built, its tests pass, its configuration is valid"
done
"$gatehouse" config check "$work/scaffold-oauth/production.yaml" >/dev/null || fail "oauth: production.yaml is not valid"
pass "oauth: production.yaml is valid"

# The basic server runs on its own development keys, and clients can sign in to it.
bin=$(cd "$work/scaffold-basic" && swift build --scratch-path "$scratch" --show-bin-path)
port=18493
# exec: the recorded pid is the server's own, so the harness stops it.
(cd "$work/scaffold-basic" && GATEHOUSE_SERVER_PORT=$port exec "$bin/scaffold-basic" >"$work/basic.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$port/healthz" || { cat "$work/basic.log"; fail "the scaffolded server did not start"; }
# The banner is written once the listener is up, which may be just after the first answer.
for _ in $(seq 1 50); do grep -q "sign-in: MCP clients sign in" "$work/basic.log" && break; sleep 0.1; done
grep -q "sign-in: MCP clients sign in" "$work/basic.log" || { cat "$work/basic.log"; fail "the banner does not offer the sign-in"; }
"$gatehouse" doctor --json "http://127.0.0.1:$port/mcp/claude" >"$work/doctor.json" || true
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); bad=[c["id"] for c in r["checks"] if c["status"] in ("warn","fail")]; sys.exit(1 if bad else 0)' \
    "$work/doctor.json" || { python3 -m json.tool "$work/doctor.json"; fail "doctor found problems on the scaffolded server"; }
pass "the basic server runs on its own keys; doctor: sign-in discovered, no warnings"
status=0
(cd "$work/scaffold-basic" && GATEHOUSE_SERVER_PORT=$port "$bin/scaffold-basic" >"$work/second.log" 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "scaffold-basic: cannot start: 127.0.0.1:$port is already in use" "$work/second.log" &&
    ! grep -q "Fatal error" "$work/second.log" || { cat "$work/second.log"; fail "a port in use is not one line"; }
pass "a second instance on the same port: one line naming the port, exit 1"

# Mistakes are named, and nothing is overwritten.
expect_refusal() { # MESSAGE ARGS...
    local message=$1 status=0
    shift
    "$gatehouse" init "$@" >"$work/refusal.out" 2>&1 || status=$?
    [ "$status" = 64 ] && grep -q "$message" "$work/refusal.out" || { cat "$work/refusal.out"; fail "init $*: not refused with \"$message\""; }
}
expect_refusal "must be a letter" "1bad" --output "$work/x" --gatehouse-path "$PWD"
expect_refusal "unknown template" ok --template fancy --output "$work/y" --gatehouse-path "$PWD"
expect_refusal "already exists and is not an empty folder" again --output "$work/scaffold-basic" --gatehouse-path "$PWD"
expect_refusal "is not a Gatehouse checkout" ok --output "$work/z" --gatehouse-path /tmp
expect_refusal "must end in /gatehouse" ok --output "$work/v" --gatehouse-url https://git.example.com/tools.git
# A version dependency: the manifest is valid Swift (SwiftPM reads it; resolving needs the published repository).
"$gatehouse" init versioned --output "$work/versioned" --gatehouse-url https://git.example.com/mcp/gatehouse.git >/dev/null
grep -q '.package(url: "https://git.example.com/mcp/gatehouse.git", from: "' "$work/versioned/Package.swift" ||
    fail "the version dependency is not in the manifest"
(cd "$work/versioned" && swift package dump-package >/dev/null) || fail "the versioned manifest does not parse"
pass "a bad name, an unknown template, a folder in use, a wrong checkout or URL are refused; --gatehouse-url works"
