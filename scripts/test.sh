#!/usr/bin/env bash
# The README's test command, and what CI runs (.ci/run). Installs what it needs, then runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh libjwt-dev  # the unit tests' differential oracle (Tests/TokenVerificationTests)
export GATEHOUSE_STRICT=1  # warnings are errors for Gatehouse's own targets
# section TITLE: a heading with the seconds elapsed so far, so a CI log shows what each step costs.
section() { echo "== $1 (at ${SECONDS} s)"; }

section "formatting (.swift-format)"
scripts/format.sh

section "layering: which module may import which (docs/architecture.md)"
scripts/check-imports.sh

section "unit and integration tests (swift test)"
built=$SECONDS
swift build --build-tests
echo "built in $((SECONDS - built)) s (a fresh clone compiles every dependency here)"
swift test --skip-build

section "real MCP clients (Python SDK, Swift SDK) against the server"
scripts/test-clients.sh

section "gateway mode: the Python SDK's server behind both presets (HTTP and stdio), no token passthrough, faults"
scripts/test-gateway.sh

section "gateway token exchange (RFC 8693): an Authlib authorization server, the Python SDK's server upstream"
scripts/test-token-exchange.sh

section "gatehouse doctor against our server (both presets, a wrong resource) and the Python SDK's server"
scripts/test-doctor.sh

section "the embedded default's development sign-in: the Python SDK's OAuthClientProvider, both presets, CIMD"
scripts/test-sign-in.sh

section "scale-out: two instances behind nginx (sessionless round-robin, sessions routed by id)"
scripts/test-scale-out.sh

section "deployment files: compose and Kubernetes schemas, configurations, realm, Dockerfile"
scripts/test-deploy.sh

section "the example package (Examples/): own tools on GatehouseServer; middleware in an existing app"
scripts/test-examples.sh

section "gatehouse init: each template scaffolded, built and tested; the basic server run and diagnosed"
scripts/test-init.sh

section "a real authorization server (Glewlwyd) + the Python SDK, both endpoint profiles"
scripts/test-oauth.sh

section "fuzzing the parser and verifier (libFuzzer + AddressSanitizer, 60 s)"
scripts/fuzz.sh 60 >/tmp/gatehouse-fuzz.log 2>&1 || { tail -50 /tmp/gatehouse-fuzz.log; exit 1; }
grep -E '^(Done|stat::number_of_executed_units)' /tmp/gatehouse-fuzz.log

section "gatehouse serve: printed commands, metrics (promtool), JSON logs, config check, graceful shutdown"
scripts/test-serve.sh

section "start-up mistakes, service-link variables, SIGHUP, fetch failures logged (debug build)"
scripts/test-startup.sh

section "the end-to-end benchmark harness, as a smoke test (debug build, 1 s per scenario; no timing verdicts)"
scripts/bench.sh --smoke >/tmp/gatehouse-bench.log 2>&1 || { cat /tmp/gatehouse-bench.log; exit 1; }
grep -q '^SSE streams' /tmp/gatehouse-bench.log || { cat /tmp/gatehouse-bench.log; echo "FAIL: no SSE streams row"; exit 1; }
# The rows of the shipped server must be there and answered without a single error (wrk's non-2xx and socket errors).
for row in 7-python-sdk-pyjwt 11-shipped-default-claude 11-shipped-default-openai 12-shipped-json-logs \
    13-shipped-no-decision-log 14-shipped-no-log-no-metrics; do
    awk -v row="$row" '$1 == row { seen = 1; if ($5 != 0) bad = 1 } END { exit !(seen && !bad) }' \
        /tmp/gatehouse-bench.log || { cat /tmp/gatehouse-bench.log; echo "FAIL: smoke row $row missing or with errors"; exit 1; }
done
echo "benchmark harness: ok"

section "the README's run command starts a working server"
scripts/run.sh --port 18433 >/tmp/gatehouse-run.log 2>&1 &
run_pid=$!
for _ in $(seq 1 600); do grep -q "listening on" /tmp/gatehouse-run.log 2>/dev/null && break; sleep 0.5; done
ready=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18433/readyz || true)
kill -TERM "$run_pid" 2>/dev/null || true
wait "$run_pid" 2>/dev/null || true
[ "$ready" = 200 ] || { cat /tmp/gatehouse-run.log; exit 1; }
echo "run command: ok"
