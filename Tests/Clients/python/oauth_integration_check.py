"""Gatehouse + a real authorization server (Glewlwyd) + the official Python SDK client.

Usage: python oauth_integration_check.py SERVER_BASE GLEWLWYD_BASE
Prints one line per check, then "N passed, N failed"; exits 1 on any failure.
"""

import asyncio
import sys
import time
import urllib.parse

import httpx2
import mcp
from mcp.client.auth import OAuthClientProvider
from mcp.client.auth.extensions.client_credentials import ClientCredentialsOAuthProvider
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata
from mcp.client.streamable_http import streamable_http_client
from oauth_support import MemoryStorage, check, finish, raw_call
from mcp.shared.exceptions import MCPError

SERVER, AS = sys.argv[1], sys.argv[2]
CLAUDE, OPENAI = f"{SERVER}/mcp/claude", f"{SERVER}/mcp/openai"




def token(issuer, scope, resource):
    response = httpx2.post(f"{AS}/api/{issuer}/token", auth=("mcp-m2m", "s3cret-m2m"),
                           data={"grant_type": "client_credentials", "scope": scope, "resource": resource})
    response.raise_for_status()
    return response.json()["access_token"]







async def bearer_client(url, bearer, mode):
    return mcp.Client(streamable_http_client(url, http_client=httpx2.AsyncClient(headers={"Authorization": f"Bearer {bearer}"})), mode=mode)


async def main():
    # Discovery (RFC 9728): path-inserted and root documents.
    for path in ("/.well-known/oauth-protected-resource/mcp/claude", "/.well-known/oauth-protected-resource"):
        document = httpx2.get(SERVER + path).json()
        check(f"metadata at {path}", document.get("resource") == CLAUDE and document.get("authorization_servers") == [f"{AS}/api/oidc"], document)

    # No token: 401 with the challenge and no error attribute (RFC 6750 §3.1).
    response = raw_call(CLAUDE, "read_notes")
    challenge = response.headers.get("www-authenticate", "")
    check("no token -> 401 challenge without error", response.status_code == 401 and "resource_metadata=" in challenge and "error=" not in challenge, (response.status_code, challenge))

    # Real tokens from both issuers (RS256 and ES256), through the SDK client in both eras.
    for issuer in ("oidc", "oidc-es"):
        reader = token(issuer, "notes.read", CLAUDE)
        for mode in ("auto", "legacy"):
            async with await bearer_client(CLAUDE, reader, mode) as client:
                result = await client.call_tool("read_notes", {})
                check(f"[{issuer} {mode}] authorized tool call", result.content[0].text == "notes of mcp-m2m via claude", result)
                try:
                    await client.call_tool("write_note", {})
                    check(f"[{issuer} {mode}] missing scope refused", False, "write_note ran")
                except MCPError as error:
                    check(f"[{issuer} {mode}] missing scope refused", "notes.write" in str(error), error)

    # Step-up: 403 insufficient_scope naming the scope, then success with a token that has it.
    reader = token("oidc", "notes.read", CLAUDE)
    response = raw_call(CLAUDE, "write_note", reader)
    challenge = response.headers.get("www-authenticate", "")
    check("step-up: 403 insufficient_scope", response.status_code == 403 and 'error="insufficient_scope"' in challenge and 'scope="notes.write"' in challenge, (response.status_code, challenge))
    writer = token("oidc", "notes.read notes.write", CLAUDE)
    check("step-up: succeeds with the scope", raw_call(CLAUDE, "write_note", writer).status_code == 200)

    # Audience isolation: a token for the OpenAI endpoint is refused on the Claude endpoint.
    other = token("oidc", "notes.read", OPENAI)
    response = raw_call(CLAUDE, "read_notes", other)
    check("token for endpoint B refused on endpoint A", response.status_code == 401 and "invalid_token" in response.headers.get("www-authenticate", ""), response.status_code)

    # Expired token (2-second issuer, zero leeway).
    short = token("oidc-short", "notes.read", CLAUDE)
    check("short-lived token accepted while valid", raw_call(CLAUDE, "read_notes", short).status_code == 200)
    time.sleep(3.2)
    response = raw_call(CLAUDE, "read_notes", short)
    check("expired token refused with 401 invalid_token", response.status_code == 401 and "expired" in response.headers.get("www-authenticate", ""), response.headers.get("www-authenticate"))

    # Revocation (RFC 7009 at Glewlwyd, RFC 7662 introspection at Gatehouse, ES256 issuer).
    revocable = token("oidc-es", "notes.read", CLAUDE)
    check("token accepted before revocation", raw_call(CLAUDE, "read_notes", revocable).status_code == 200)
    fresh = token("oidc-es", "notes.read", CLAUDE)  # a second token, never seen (so not cached as active)
    revoked = httpx2.post(f"{AS}/api/oidc-es/revoke", auth=("mcp-m2m", "s3cret-m2m"), data={"token": fresh, "token_type_hint": "access_token"})
    response = raw_call(CLAUDE, "read_notes", fresh)
    check("revoked token refused with 401 invalid_token", revoked.status_code == 200 and response.status_code == 401
          and "no longer active" in response.headers.get("www-authenticate", ""), (revoked.status_code, response.status_code, response.headers.get("www-authenticate")))

    # OpenAI-style endpoint: anonymous discovery and noauth tool; protected tool answers with a tool-level challenge.
    async with mcp.Client(OPENAI, mode="auto") as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        check("[openai] anonymous tools/list", "write_note" in tools)
        public = await client.call_tool("public_info", {})
        check("[openai] noauth tool works anonymously", public.content[0].text == "public", public)
        protected = await client.call_tool("write_note", {})
        challenges = (protected.meta or {}).get("mcp/www_authenticate", [])
        check("[openai] protected tool -> isError with mcp/www_authenticate", protected.is_error and challenges and "resource_metadata=" in challenges[0], protected)

    # The SDK's own OAuth: 401 -> protected-resource metadata -> AS metadata -> client_credentials with resource -> retry.
    storage = MemoryStorage()
    provider = ClientCredentialsOAuthProvider(CLAUDE, storage, "mcp-m2m", "s3cret-m2m", scope="notes.read notes.write", issuer=f"{AS}/api/oidc")
    async with mcp.Client(streamable_http_client(CLAUDE, http_client=httpx2.AsyncClient(auth=provider)), mode="auto") as client:
        result = await client.call_tool("write_note", {})
        check("SDK ClientCredentialsOAuthProvider discovers and authorizes", result.content[0].text == "written" and storage.tokens is not None, result)

    # The SDK's interactive OAuth: dynamic client registration, PKCE S256 authorization code with `resource`,
    # a scripted user (login + consent at Glewlwyd), code exchange, retry.
    grant = {}
    requested_scopes = []

    async def redirect_handler(url):
        query = {key: values[0] for key, values in urllib.parse.parse_qs(urllib.parse.urlparse(url).query).items()}
        requested_scopes.append(query.get("scope", ""))
        check("[auth code] PKCE S256 and resource on the authorization request",
              query.get("code_challenge_method") == "S256" and query.get("resource") == CLAUDE, query)
        async with httpx2.AsyncClient() as user:
            await user.post(f"{AS}/api/auth/", json={"username": "alice", "password": "alice-pw-123"})
            await user.put(f"{AS}/api/auth/grant/{query['client_id']}/", json={"scope": query["scope"]})
            response = await user.get(url + "&g_continue", follow_redirects=False)
            location = urllib.parse.urlparse(response.headers.get("location", ""))
            answer = {key: values[0] for key, values in urllib.parse.parse_qs(location.query).items()}
            grant.update(code=answer.get("code"), state=answer.get("state"))

    async def callback_handler():
        return AuthorizationCodeResult(code=grant["code"], state=grant["state"])

    storage = MemoryStorage()
    metadata = OAuthClientMetadata(client_name="gatehouse-dcr-test", redirect_uris=["http://127.0.0.1:9/callback"],
                                   grant_types=["authorization_code", "refresh_token"], response_types=["code"],
                                   scope="notes.read", token_endpoint_auth_method="client_secret_post")
    provider = OAuthClientProvider(CLAUDE, metadata, storage, redirect_handler=redirect_handler, callback_handler=callback_handler)
    async with mcp.Client(streamable_http_client(CLAUDE, http_client=httpx2.AsyncClient(auth=provider)), mode="auto") as client:
        result = await client.call_tool("read_notes", {})
        check("[auth code] dynamic registration + PKCE + user consent authorizes", result.content[0].text.startswith("notes of ") and storage.client is not None, result)
        # The token only carries notes.read: our 403 insufficient_scope makes the SDK re-authorize for notes.write
        # (step-up), the user consents again, and the call goes through.
        written = await client.call_tool("write_note", {})
        check("[auth code] 403 step-up re-authorizes with the challenged scope, then succeeds",
              written.content[0].text == "written" and len(requested_scopes) == 2 and "notes.write" in requested_scopes[1],
              (written, requested_scopes))

    finish()


asyncio.run(main())
