#!/usr/bin/env bash
# What can be checked of the deployment files without a container engine or a cluster: compose.yaml against the
# Compose specification schema, the Kubernetes manifests against the Kubernetes schemas (strict), every
# Gatehouse configuration they carry with `gatehouse config check`, the Keycloak realm's audience mappers, and
# the Dockerfile's shape. (nginx is run for real by scripts/test-scale-out.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
gatehouse="$PWD/.build/debug/gatehouse"
venv="$PWD/.build/deploy-venv"
[ -x "$venv/bin/kubernetes-validate" ] && [ -x "$venv/bin/check-jsonschema" ] || {
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check kubernetes-validate check-jsonschema pyyaml
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "  ✓ $*"; }

"$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec compose.yaml >/dev/null ||
    "$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec compose.yaml
pass "compose.yaml matches the Compose specification schema"

"$venv/bin/kubernetes-validate" --strict --quiet deploy/kubernetes/{configmap,deployment,service,hpa,pdb}.yaml ||
    fail "a Kubernetes manifest does not validate"
pass "deploy/kubernetes/*.yaml validate strictly against the Kubernetes schemas"

"$gatehouse" config check deploy/compose/gatehouse.yaml >/dev/null || fail "deploy/compose/gatehouse.yaml"
"$venv/bin/python" - deploy/kubernetes/configmap.yaml "$work/k8s.yaml" <<'PY'
import sys, yaml
document = yaml.safe_load(open(sys.argv[1]))
open(sys.argv[2], "w").write(document["data"]["gatehouse.yaml"])
PY
"$gatehouse" config check "$work/k8s.yaml" >/dev/null || fail "the ConfigMap's gatehouse.yaml"
pass "the compose and Kubernetes Gatehouse configurations pass config check"

"$venv/bin/python" - <<'PY' || fail "the Keycloak realm export"
import json, yaml
realm = json.load(open("deploy/keycloak/mcp-realm.json"))
config = yaml.safe_load(open("deploy/compose/gatehouse.yaml"))
origin = config["server"]["public_url"]
audiences = {m["config"]["included.custom.audience"] for s in realm["clientScopes"] for m in s.get("protocolMappers", [])
             if m["protocolMapper"] == "oidc-audience-mapper"}
endpoints = {origin + e["path"] for e in config["endpoints"]}
assert audiences == endpoints, (audiences, endpoints)
assert config["issuers"][0]["issuer"] == "http://localhost:8081/realms/" + realm["realm"]
assert all("basic" in c["defaultClientScopes"] for c in realm["clients"]), "tokens would lack sub"
PY
pass "the Keycloak realm puts exactly the endpoints' resource URIs into aud, issuer matches"

grep -q '^FROM .* AS build' Dockerfile && grep -q '^FROM debian:bookworm-slim AS runtime' Dockerfile ||
    fail "the Dockerfile is not a two-stage build"
grep -q '^USER 10001' Dockerfile || fail "the runtime image does not run as a non-root user"
! grep -Eq '^(COPY|ADD) .*Keys' Dockerfile || fail "the image must not carry development keys"
grep -q '^Keys$' .dockerignore || fail ".dockerignore must exclude Keys/"
pass "Dockerfile: multi-stage, non-root, no development keys"
echo "deployment files: ok"
