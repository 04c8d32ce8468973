"""The peer for scripts/bench.sh: the official Python SDK's MCP server with an equivalent JWT verifier (PyJWT).

Usage: python_sdk_server.py PORT KEYS_DIR
Serves the same `echo` tool (scope `bench`) at http://127.0.0.1:PORT/mcp, sessionless JSON (stateless_http,
json_response), verifying bearer tokens like Gatehouse does: signature with the development issuer's public keys
(by kid; RS256, ES256, EdDSA), exact issuer, audience = this endpoint, exp/iat required, scopes from `scope`.
"""

import pathlib
import sys

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from mcp.server import MCPServer
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings

port = int(sys.argv[1])
keys_dir = pathlib.Path(sys.argv[2])
issuer = f"http://127.0.0.1:{port}/dev-issuer"
resource = f"http://127.0.0.1:{port}/mcp"
public_keys = {
    path.stem: load_pem_private_key(path.read_bytes(), password=None).public_key()
    for path in keys_dir.glob("*.pem")
}


class PyJWTVerifier:
    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = public_keys.get(kid)
            if key is None:
                return None
            claims = jwt.decode(
                token, key=key, algorithms=["RS256", "ES256", "EdDSA"], audience=resource, issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]}, leeway=60)
        except jwt.PyJWTError:
            return None
        return AccessToken(
            token=token, client_id=claims.get("client_id", ""), scopes=claims.get("scope", "").split(),
            expires_at=claims["exp"], resource=resource, subject=claims["sub"])


server = MCPServer(
    name="python-sdk-peer",
    token_verifier=PyJWTVerifier(),
    auth=AuthSettings(
        issuer_url=issuer, resource_server_url=resource, required_scopes=["bench"], validate_token_resource=True),
    log_level="WARNING",
)


@server.tool()
def echo(text: str) -> str:
    """Echo text."""
    return text


server.run("streamable-http", host="127.0.0.1", port=port, stateless_http=True, json_response=True)
