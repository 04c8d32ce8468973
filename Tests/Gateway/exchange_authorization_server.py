"""An OAuth 2.0 authorization server built on Authlib (Flask integration) with the RFC 8693 token exchange grant,
for the gateway's token-exchange test (scripts/test-token-exchange.sh). Glewlwyd has no token exchange; Authlib
provides the framework (client authentication, grant dispatch, error responses) and this file the grant.

Usage: exchange_authorization_server.py PORT CLIENT_SECRET_FILE SUBJECT_ISSUER SUBJECT_AUDIENCE LOG

- One confidential client, `gatehouse-gw` (client_secret_basic), allowed client_credentials and token exchange.
- Token exchange (RFC 8693 §2.1): `subject_token` must be an access token (`subject_token_type`) signed by
  SUBJECT_ISSUER's keys (its JWKS) for SUBJECT_AUDIENCE, unexpired; `resource` is required. The subject
  `blocked-user` is refused with `invalid_grant`. Issued (§2.2.1): a JWT for the resource with the subject's `sub`,
  an `act` claim naming the gateway (§4.1), `issued_token_type` access token.
- Every issued token is appended to LOG as one JSON line (grant, sub, aud, scope) so the test can count exchanges.
"""

import json
import secrets
import sys
import time

import jwt
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidGrantError, InvalidRequestError, UnauthorizedClientError
from flask import Flask, request

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"

port, secret_file, subject_issuer, subject_audience, log_path = sys.argv[1:6]
issuer = f"http://127.0.0.1:{port}"
client_secret = open(secret_file).read().strip()
signing_key = secrets.token_bytes(32)  # the tokens this server issues (HS256: only the test reads them)
subject_keys = jwt.PyJWKClient(subject_issuer + "/jwks.json")


class Client(ClientMixin):
    client_id = "gatehouse-gw"

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return scope or ""

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, secret):
        return secrets.compare_digest(secret, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "client_secret_basic"

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type in ("client_credentials", TOKEN_EXCHANGE)


def issue(grant, sub, audience, scope, actor=None):
    now = int(time.time())
    claims = {"iss": issuer, "sub": sub, "aud": audience, "iat": now, "exp": now + 600, "scope": scope or ""}
    if actor:
        claims["act"] = {"sub": actor}
    with open(log_path, "a") as log:
        log.write(json.dumps({"grant": grant, "sub": sub, "aud": audience, "scope": scope or ""}) + "\n")
    return jwt.encode(claims, signing_key, algorithm="HS256")


class TokenExchangeGrant(grants.BaseGrant, grants.TokenEndpointMixin):
    """RFC 8693 §2: the gateway exchanges its caller's access token for one meant for an upstream."""

    GRANT_TYPE = TOKEN_EXCHANGE
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

    def validate_token_request(self):
        client = self.authenticate_token_endpoint_client()
        if not client.check_grant_type(self.GRANT_TYPE):
            raise UnauthorizedClientError()
        self.request.client = client
        form = self.request.payload.data
        if form.get("subject_token_type") != ACCESS_TOKEN_TYPE:
            raise InvalidRequestError("subject_token_type must be an access token")
        if form.get("requested_token_type", ACCESS_TOKEN_TYPE) != ACCESS_TOKEN_TYPE:
            raise InvalidRequestError("only access tokens are issued")
        if not form.get("resource"):
            raise InvalidRequestError("resource is required")
        token = form.get("subject_token") or ""
        try:
            key = subject_keys.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token, key.key, algorithms=["RS256", "ES256", "EdDSA"], audience=subject_audience,
                issuer=subject_issuer, options={"require": ["exp", "sub"]})
        except Exception as error:
            raise InvalidGrantError(f"the subject token is not valid: {type(error).__name__}")
        if claims["sub"] == "blocked-user":
            raise InvalidGrantError("this subject may not reach the upstream")
        self.subject = claims["sub"]

    def create_token_response(self):
        form = self.request.payload.data
        token = issue(TOKEN_EXCHANGE, self.subject, form["resource"], form.get("scope"), actor=Client.client_id)
        body = {"access_token": token, "issued_token_type": ACCESS_TOKEN_TYPE, "token_type": "Bearer",
                "expires_in": 600}
        return 200, body, self.TOKEN_RESPONSE_HEADER


def bearer_token(grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
    """Client credentials: a JWT for the gateway itself, audience the requested resource."""
    token = issue(grant_type, client.client_id, request.form.get("resource", ""), scope)
    return {"access_token": token, "token_type": "Bearer", "expires_in": 600}


app = Flask(__name__)
server = AuthorizationServer(app, query_client=lambda cid: Client() if cid == Client.client_id else None,
                             save_token=lambda token, req: None)
server.register_token_generator("default", bearer_token)
server.register_grant(grants.ClientCredentialsGrant)
server.register_grant(TokenExchangeGrant)
grants.ClientCredentialsGrant.TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]


@app.post("/token")
def token_endpoint():
    return server.create_token_response()


@app.get("/health")
def health():
    return "ok"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(port))
