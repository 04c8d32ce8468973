"""Mints development access tokens for scripts/bench.sh (PyJWT, keys from Keys/).

Usage: mint_tokens.py KEYS_DIR KID ISSUER AUDIENCE COUNT [--invalid]
Prints COUNT distinct RFC 9068 tokens (typ at+jwt, scope "bench", distinct jti and sub), one per line;
--invalid corrupts each signature (the 401 path).
"""

import pathlib
import sys
import time
import uuid

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key

keys_dir, kid, issuer, audience, count = sys.argv[1:6]
invalid = "--invalid" in sys.argv[6:]
key = load_pem_private_key((pathlib.Path(keys_dir) / f"{kid}.pem").read_bytes(), password=None)
algorithm = {"dev-rs256": "RS256", "dev-es256": "ES256", "dev-eddsa": "EdDSA"}[kid]
now = int(time.time())
for index in range(int(count)):
    claims = {
        "iss": issuer, "sub": f"user-{index}", "aud": audience, "client_id": "bench", "scope": "bench",
        "iat": now, "exp": now + 3600, "jti": str(uuid.uuid4()),
    }
    token = jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid, "typ": "at+jwt"})
    if invalid:
        head, payload, signature = token.split(".")
        flipped = "A" if signature[10] != "A" else "B"
        token = ".".join([head, payload, signature[:10] + flipped + signature[11:]])
    print(token)
