"""The official Python SDK's own protected MCP server, for `gatehouse doctor` to diagnose (scripts/test-doctor.sh).

Usage: sdk_protected_server.py PORT ISSUER_URL
A resource server as the SDK builds one (RFC 9728 metadata, 401 challenges from its bearer middleware); its token
verifier accepts exactly the token in $SDK_SERVER_TOKEN (an opaque token), with scope notes.read.
"""

import os
import sys
import time

from mcp.server import MCPServer
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.types import ToolAnnotations

port = int(sys.argv[1])
issuer = sys.argv[2]
resource = f"http://127.0.0.1:{port}/mcp"
expected = os.environ["SDK_SERVER_TOKEN"]


class FixedTokenVerifier:
    async def verify_token(self, token: str) -> AccessToken | None:
        if token != expected:
            return None
        return AccessToken(
            token=token, client_id="doctor-test", scopes=["notes.read"], expires_at=int(time.time()) + 600,
            resource=resource, subject="sdk-user")


server = MCPServer(
    name="python-sdk-protected",
    token_verifier=FixedTokenVerifier(),
    auth=AuthSettings(issuer_url=issuer, resource_server_url=resource, required_scopes=["notes.read"]),
)


@server.tool(annotations=ToolAnnotations(readOnlyHint=True))
def server_time() -> str:
    """The server's time."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


server.run("streamable-http", host="127.0.0.1", port=port)
