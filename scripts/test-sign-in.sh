#!/usr/bin/env bash
# The embedded default's development sign-in with a real client: the official Python SDK's OAuthClientProvider
# against `gatehouse serve` (consent page) for both presets — registration, PKCE, resource, the consent page, step-up
# after a 403, refresh-token rotation and replay — and against `gatehouse serve --dev-auto-approve` for client ID
# metadata documents (served on loopback by the check), client credentials, and the refusals (plain PKCE, a foreign
# resource, an unregistered redirect URI, a reused code). Expects the debug build and the Python venv
# (scripts/test-clients.sh creates it).
set -euo pipefail
cd "$(dirname "$0")/.."
gatehouse="$PWD/.build/debug/gatehouse"
python="$PWD/Tests/Clients/python/.venv/bin/python"
# shellcheck source=lib/harness.sh
source scripts/lib/harness.sh
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

consent_port=$(free_port)
"$gatehouse" serve --port "$consent_port" --log-level warning >"$work/consent.log" 2>&1 &
pids+=($!)
auto_port=$(free_port)
"$gatehouse" serve --port "$auto_port" --dev-auto-approve --log-level warning >"$work/auto.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$consent_port/healthz" || { cat "$work/consent.log"; fail "the server did not start"; }
wait_for "http://127.0.0.1:$auto_port/healthz" || { cat "$work/auto.log"; fail "the auto-approve server did not start"; }

"$python" -W ignore::DeprecationWarning Tests/Clients/python/dev_sign_in_check.py \
    "http://127.0.0.1:$consent_port" "http://127.0.0.1:$auto_port" ||
    { cat "$work/consent.log" "$work/auto.log"; fail "the development sign-in checks failed"; }

# The sign-in exists only for loopback listeners: the configuration refuses development keys elsewhere, and
# auto-approve without a development issuer is refused by name.
cat >"$work/no-dev.yaml" <<YAML
development:
  auto_approve: true
issuers:
  - issuer: https://issuer.example.com
    jwks_uri: https://issuer.example.com/jwks.json
YAML
status=0
"$gatehouse" config check "$work/no-dev.yaml" >"$work/no-dev.out" 2>&1 || status=$?
[ "$status" != 0 ] && grep -q "development.auto_approve" "$work/no-dev.out" ||
    { cat "$work/no-dev.out"; fail "auto_approve without a development issuer was not refused by name"; }
pass "development.auto_approve without a development issuer is refused, naming the key"
