"""The embedded default's development sign-in, driven by the official Python SDK's OAuthClientProvider.

Usage: python dev_sign_in_check.py CONSENT_SERVER_BASE AUTO_APPROVE_SERVER_BASE
CONSENT_SERVER_BASE runs `gatehouse serve` (consent page); AUTO_APPROVE_SERVER_BASE runs it with --dev-auto-approve.
Prints one line per check, then "N passed, N failed"; exits 1 on any failure.
"""

import asyncio
import base64
import hashlib
import http.server
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse

import httpx2
import mcp
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from oauth_support import MemoryStorage, check, finish, raw_call
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata, OAuthToken

CONSENT, AUTO = sys.argv[1], sys.argv[2]




def query_of(url):
    return {key: values[0] for key, values in urllib.parse.parse_qs(urllib.parse.urlparse(url).query).items()}




def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge



class ConsentUser:
    """A person at the browser: opens the authorization URL, reads the consent page, answers it."""

    def __init__(self, subject="alice", decision="approve", grants=()):
        # grants[i]: the scopes left ticked on the i-th consent page (all of them when not given).
        self.subject, self.decision, self.grants = subject, decision, list(grants)
        self.pages, self.requests, self.redirects = [], [], []

    async def redirect_handler(self, url):
        self.requests.append(query_of(url))
        async with httpx2.AsyncClient() as browser:
            page = await browser.get(url, follow_redirects=False)
            self.pages.append(page)
            ticket = re.search(r'name="ticket" value="([^"]+)"', page.text)
            action = re.search(r'<form method="post" action="([^"]+)"', page.text)
            origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlparse(url))
            offered = re.findall(r'type="checkbox" name="scope:([^"]+)" checked', page.text)
            round = len(self.pages) - 1
            ticked = self.grants[round] if round < len(self.grants) else offered
            form = {"ticket": ticket.group(1), "decision": self.decision, "subject": self.subject}
            form.update({f"scope:{scope}": "on" for scope in ticked})
            answer = await browser.post(origin + action.group(1), data=form, headers={"Origin": origin},
                                        follow_redirects=False)
            self.redirects.append(answer)

    async def callback_handler(self):
        answer = query_of(self.redirects[-1].headers["location"])
        return AuthorizationCodeResult(code=answer.get("code", ""), state=answer.get("state"), iss=answer.get("iss"))


def text_of(result):
    return result.content[0].text if result.content else ""


async def claude_consent():
    """Claude preset, consent page: registration, PKCE, resource, the typed subject, step-up, refresh rotation."""
    claude = f"{CONSENT}/mcp/claude"
    # The first consent grants notes.read only (notes.write unticked), so writing needs a step-up.
    user = ConsentUser(subject="alice", grants=[["notes.read"]])
    storage = MemoryStorage()
    metadata = OAuthClientMetadata(client_name="<script>alert(1)</script> dev-sign-in-check",
                                   redirect_uris=["http://127.0.0.1:9/callback"],
                                   grant_types=["authorization_code", "refresh_token"], response_types=["code"],
                                   scope="notes.read", token_endpoint_auth_method="client_secret_post")
    provider = OAuthClientProvider(claude, metadata, storage, redirect_handler=user.redirect_handler,
                                   callback_handler=user.callback_handler)
    async with mcp.Client(streamable_http_client(claude, http_client=httpx2.AsyncClient(auth=provider)), mode="auto") as client:
        whoami = json.loads(text_of(await client.call_tool("whoami", {})))
        first = user.requests[0]
        check("[claude] SDK registers (RFC 7591), signs in with PKCE S256 and resource, as the subject typed",
              whoami.get("subject") == "alice" and first.get("code_challenge_method") == "S256"
              and first.get("resource") == claude and storage.client is not None, (whoami, first))
        check("[claude] the token carries only the scopes left ticked", storage.tokens.scope == "notes.read"
              and whoami.get("scopes") == ["notes.read"], (storage.tokens.scope, whoami))
        page = user.pages[0]
        check("[claude] the consent page names the client (escaped), the resource and the scopes",
              page.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>" not in page.text
              and claude in page.text and "notes.read" in page.text
              and page.headers.get("x-frame-options") == "DENY"
              and "frame-ancestors 'none'" in page.headers.get("content-security-policy", ""), page.text[:400])
        location = user.redirects[0].headers.get("location", "")
        check("[claude] the consent answer is a 303 with code, state and iss (RFC 9207)",
              user.redirects[0].status_code == 303 and query_of(location).get("iss") == f"{CONSENT}/dev-issuer"
              and "code" in query_of(location) and "state" in query_of(location), (user.redirects[0].status_code, location))

        written = await client.call_tool("add_note", {"text": "from the sign-in check"})
        check("[claude] 403 insufficient_scope: the SDK signs in again for notes.write, then the call succeeds",
              not written.is_error and len(user.requests) == 2 and "notes.write" in user.requests[1].get("scope", "").split(),
              (written, user.requests))

        # Refresh: the access token is treated as expired, so the SDK refreshes before the next call.
        before = storage.tokens
        provider.context.token_expiry_time = time.time() - 1
        listed = await client.call_tool("list_notes", {})
        after = storage.tokens
        check("[claude] an expired access token is refreshed; the refresh token is rotated",
              not listed.is_error and after.refresh_token and after.refresh_token != before.refresh_token
              and after.access_token != before.access_token and len(user.requests) == 2, (listed, before, after))

    token_url = f"{CONSENT}/dev-issuer/token"
    client_auth = {"client_id": storage.client.client_id, "client_secret": storage.client.client_secret}
    replay = httpx2.post(token_url, data={"grant_type": "refresh_token", "refresh_token": before.refresh_token, **client_auth})
    check("[claude] a rotated refresh token presented again is refused (invalid_grant)",
          replay.status_code == 400 and replay.json().get("error") == "invalid_grant" and "already used" in replay.json().get("error_description", ""),
          replay.text)
    current = httpx2.post(token_url, data={"grant_type": "refresh_token", "refresh_token": after.refresh_token, **client_auth})
    check("[claude] ... and the replay revoked the whole sign-in: the newest refresh token no longer works",
          current.status_code == 400 and current.json().get("error") == "invalid_grant", current.text)
    no_secret = httpx2.post(token_url, data={"grant_type": "refresh_token", "refresh_token": "x", "client_id": storage.client.client_id})
    check("[claude] a confidential client without its secret: 401 invalid_client",
          no_secret.status_code == 401 and no_secret.json().get("error") == "invalid_client", no_secret.text)


async def consent_denied():
    user = ConsentUser(decision="deny")
    register = httpx2.post(f"{CONSENT}/dev-issuer/register", json={
        "redirect_uris": ["http://127.0.0.1:9/cb"], "token_endpoint_auth_method": "none", "client_name": "denied"})
    client_id = register.json()["client_id"]
    _, challenge = pkce()
    url = f"{CONSENT}/dev-issuer/authorize?" + urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": "http://127.0.0.1:9/cb", "state": "s1",
        "code_challenge": challenge, "code_challenge_method": "S256", "resource": f"{CONSENT}/mcp/claude"})
    await user.redirect_handler(url)
    answer = query_of(user.redirects[0].headers.get("location", ""))
    check("[consent] Deny sends access_denied with state and iss back to the client",
          register.status_code == 201 and answer.get("error") == "access_denied" and answer.get("state") == "s1"
          and answer.get("iss") == f"{CONSENT}/dev-issuer", (register.text, answer))
    again = httpx2.post(f"{CONSENT}/dev-issuer/authorize", data={"ticket": "x" * 43, "decision": "approve", "subject": "bob"})
    check("[consent] an unknown or used ticket gets an error page, no redirect",
          again.status_code == 400 and "location" not in again.headers, again.status_code)


async def openai_public_client():
    """OpenAI preset: a public client (no secret) whose stored token the server no longer accepts."""
    openai = f"{CONSENT}/mcp/openai"
    user = ConsentUser(subject="bob")
    storage = MemoryStorage(tokens=OAuthToken(access_token="stale-token", token_type="Bearer"))
    metadata = OAuthClientMetadata(client_name="openai-preset-check", redirect_uris=["http://localhost:9/callback"],
                                   grant_types=["authorization_code", "refresh_token"], response_types=["code"],
                                   scope="notes.read notes.write", token_endpoint_auth_method="none")
    provider = OAuthClientProvider(openai, metadata, storage, redirect_handler=user.redirect_handler,
                                   callback_handler=user.callback_handler)
    async with mcp.Client(streamable_http_client(openai, http_client=httpx2.AsyncClient(auth=provider)), mode="auto") as client:
        written = await client.call_tool("add_note", {"text": "openai preset"})
        whoami = json.loads(text_of(await client.call_tool("whoami", {})))
        check("[openai] a stale token's 401 makes the SDK sign in (public client, PKCE); protected tools work",
              not written.is_error and whoami.get("subject") == "bob" and storage.client.client_secret is None
              and user.requests[0].get("resource") == openai, (written, whoami))


class DocumentHandler(http.server.BaseHTTPRequestHandler):
    """Serves client ID metadata documents on a loopback port: /good.json names itself, /liar.json another URL."""
    port = 0

    def do_GET(self):
        base = f"http://127.0.0.1:{DocumentHandler.port}"
        documents = {
            "/good.json": {"client_id": f"{base}/good.json", "client_name": "CIMD check",
                           "redirect_uris": ["http://127.0.0.1:9/cimd"], "token_endpoint_auth_method": "none",
                           "grant_types": ["authorization_code"]},
            "/liar.json": {"client_id": f"{base}/good.json", "redirect_uris": ["http://127.0.0.1:9/cimd"]},
        }
        document = documents.get(self.path)
        body = json.dumps(document).encode() if document else b"{}"
        self.send_response(200 if document else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def authorize(base, **overrides):
    verifier, challenge = pkce()
    parameters = {"response_type": "code", "redirect_uri": "http://127.0.0.1:9/cimd", "state": "st",
                  "code_challenge": challenge, "code_challenge_method": "S256", "resource": f"{base}/mcp/claude",
                  "scope": "notes.read"}
    parameters.update(overrides)
    parameters = {key: value for key, value in parameters.items() if value is not None}
    response = httpx2.get(f"{base}/dev-issuer/authorize?" + urllib.parse.urlencode(parameters), follow_redirects=False)
    return response, verifier


def auto_approve():
    """--dev-auto-approve: client ID metadata documents, client credentials, and what the endpoints refuse."""
    documents = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DocumentHandler)
    DocumentHandler.port = documents.server_address[1]
    threading.Thread(target=documents.serve_forever, daemon=True).start()
    good = f"http://127.0.0.1:{DocumentHandler.port}/good.json"
    token_url = f"{AUTO}/dev-issuer/token"
    try:
        response, verifier = authorize(AUTO, client_id=good)
        answer = query_of(response.headers.get("location", ""))
        check("[cimd] a client ID metadata document URL is fetched; auto-approve redirects at once with code and iss",
              response.status_code == 302 and "code" in answer and answer.get("iss") == f"{AUTO}/dev-issuer", (response.status_code, response.text[:200]))
        exchange = {"grant_type": "authorization_code", "code": answer.get("code"), "client_id": good,
                    "redirect_uri": "http://127.0.0.1:9/cimd", "code_verifier": verifier}
        wrong = httpx2.post(token_url, data={**exchange, "code_verifier": pkce()[0]})
        check("[cimd] a wrong PKCE verifier is refused (invalid_grant)", wrong.status_code == 400 and wrong.json().get("error") == "invalid_grant", wrong.text)
        response, verifier = authorize(AUTO, client_id=good)
        exchange.update(code=query_of(response.headers["location"])["code"], code_verifier=verifier)
        granted = httpx2.post(token_url, data=exchange)
        token = granted.json().get("access_token", "")
        call = raw_call(f"{AUTO}/mcp/claude", "whoami", token)
        check("[cimd] the code with its verifier gives an at+jwt the endpoint accepts (no refresh token: not registered)",
              granted.status_code == 200 and call.status_code == 200 and "refresh_token" not in granted.json()
              and 'developer' in call.text, (granted.text, call.text[:200]))
        reused = httpx2.post(token_url, data=exchange)
        check("[cimd] a code works once", reused.status_code == 400 and reused.json().get("error") == "invalid_grant", reused.text)
        other = raw_call(f"{AUTO}/mcp/openai", "add_note", token)
        check("[cimd] the token is for the resource asked for only: the other endpoint refuses it", other.status_code == 401 or (
            other.status_code == 200 and "mcp/www_authenticate" in other.text), (other.status_code, other.text[:200]))
        liar, _ = authorize(AUTO, client_id=f"http://127.0.0.1:{DocumentHandler.port}/liar.json")
        check("[cimd] a document naming another client_id: an error page, never a redirect",
              liar.status_code == 400 and "location" not in liar.headers and "must be its own URL" in liar.text, (liar.status_code, liar.text[:300]))
        plain, _ = authorize(AUTO, client_id=good, code_challenge_method="plain")
        check("[pkce] code_challenge_method=plain is refused, back to the client as invalid_request",
              plain.status_code == 302 and query_of(plain.headers["location"]).get("error") == "invalid_request", plain.headers.get("location"))
        elsewhere, _ = authorize(AUTO, client_id=good, resource="https://api.example.com/mcp")
        check("[rfc 8707] a resource that is not one of this server's: invalid_target",
              query_of(elsewhere.headers.get("location", "")).get("error") == "invalid_target", elsewhere.headers.get("location"))
        redirect, _ = authorize(AUTO, client_id=good, redirect_uri="https://attacker.example/cb")
        check("[redirect] an unregistered redirect_uri gets an error page, never a redirect",
              redirect.status_code == 400 and "location" not in redirect.headers, redirect.status_code)
    finally:
        documents.shutdown()

    machine = httpx2.post(token_url, auth=("gatehouse-development-client", "development-secret-not-for-production"),
                          data={"grant_type": "client_credentials", "resource": f"{AUTO}/mcp/claude", "scope": "notes.read"})
    call = raw_call(f"{AUTO}/mcp/claude", "list_notes", machine.json().get("access_token", ""))
    check("[client credentials] the development client gets a token for an endpoint",
          machine.status_code == 200 and call.status_code == 200, (machine.text, call.status_code))
    bad = httpx2.post(token_url, auth=("gatehouse-development-client", "wrong"),
                      data={"grant_type": "client_credentials", "resource": f"{AUTO}/mcp/claude"})
    check("[client credentials] a wrong secret: 401 invalid_client with a Basic challenge",
          bad.status_code == 401 and bad.json().get("error") == "invalid_client" and bad.headers.get("www-authenticate", "").startswith("Basic"), bad.text)


async def main():
    await claude_consent()
    await consent_denied()
    await openai_public_client()
    auto_approve()
    finish()


asyncio.run(main())
