#!/usr/bin/env bash
# Starts a real OAuth 2.1 / OIDC authorization server (Glewlwyd, Debian package) on loopback and configures it
# through its admin API for the integration tests:
#   - two issuers: .../api/oidc (RS256) and .../api/oidc-es (ES256), both issuing RFC 9068 at+jwt access tokens,
#     honouring RFC 8707 `resource` for the MCP endpoints given, plus .../api/oidc-short (ES256, 2 s tokens);
#   - scopes notes.read and notes.write; a confidential client `mcp-m2m` for client_credentials; open dynamic
#     client registration; a user `alice` for the authorization-code flow.
# Usage: start.sh WORKDIR RESOURCE_URI... — writes WORKDIR/env (GLEWLWYD_BASE, GLEWLWYD_PID) and leaves it running.
set -euo pipefail
work=$1
shift
mkdir -p "$work"
if ! command -v glewlwyd >/dev/null || ! command -v sqlite3 >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends glewlwyd sqlite3 >/dev/null
fi
rm -f "$work/glewlwyd.db"
zcat /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz | sqlite3 "$work/glewlwyd.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# No use_secure_connection line at all: any value makes Glewlwyd demand certificates.
cat >"$work/glewlwyd.conf" <<CONF
port=$port
bind_address="127.0.0.1"
external_url="$base"
login_url="login.html"
static_files_path="/usr/share/glewlwyd/webapp/"
api_prefix="api"
allow_origin="*"
log_mode="file"
log_level="DEBUG"
log_file="$work/glewlwyd.log"
cookie_secure=0
session_expiration=2419200
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm = "SHA512"
database = { type = "sqlite3" path = "$work/glewlwyd.db" }
CONF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.pem" 2>/dev/null
openssl pkey -in "$work/rsa.pem" -pubout -out "$work/rsa.pub"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ec.pem" 2>/dev/null
openssl pkey -in "$work/ec.pem" -pubout -out "$work/ec.pub"

glewlwyd -c "$work/glewlwyd.conf" >"$work/glewlwyd.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -s -o /dev/null "$base/api/auth/" && break
    kill -0 $pid 2>/dev/null || { cat "$work/glewlwyd.out" "$work/glewlwyd.log" 2>/dev/null; exit 1; }
    sleep 0.1
done

jar="$work/cookies"
api() { curl -s -b "$jar" -c "$jar" -H 'Content-Type: application/json' -o /dev/null -w '%{http_code}' "$@"; }
expect() { [ "$1" = 200 ] || { echo "glewlwyd admin call failed ($2): HTTP $1" >&2; tail -20 "$work/glewlwyd.log" >&2; exit 1; }; }
expect "$(api -d '{"username":"admin","password":"password"}' "$base/api/auth/")" login
for scope in notes.read notes.write; do
    expect "$(api -d "{\"name\":\"$scope\",\"display_name\":\"$scope\",\"description\":\"$scope\",\"password_required\":false,\"password_max_age\":0,\"scheme\":{}}" "$base/api/scope/")" "scope $scope"
done
python3 "$(dirname "$0")/plugins.py" "$work" "$base" "$@"
for plugin in oidc oidc-es oidc-short; do
    expect "$(api -d "@$work/plugin-$plugin.json" "$base/api/mod/plugin/")" "plugin $plugin"
done
# Confidential client for client_credentials; Glewlwyd refuses client authentication unless the method is listed.
expect "$(api -d '{"client_id":"mcp-m2m","name":"MCP machine client","description":"","confidential":true,"password":"s3cret-m2m","enabled":true,"authorization_type":["client_credentials"],"scope":["notes.read","notes.write"],"redirect_uri":[],"token_endpoint_auth_method":["client_secret_basic","client_secret_post"]}' "$base/api/client/")" client
# A user for the interactive authorization-code flow (dynamic registration + PKCE).
expect "$(api -d '{"username":"alice","name":"Alice","password":"alice-pw-123","email":"","enabled":true,"scope":["openid","notes.read","notes.write"]}' "$base/api/user/")" user
printf 'GLEWLWYD_BASE=%s\nGLEWLWYD_PID=%s\n' "$base" "$pid" >"$work/env"
echo "glewlwyd on $base"
