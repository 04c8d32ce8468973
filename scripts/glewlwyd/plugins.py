"""Writes the OIDC plugin instances for scripts/glewlwyd/start.sh.

Starts from the plugin's own defaults (read from the admin web app shipped in the Debian package, so every
parameter the plugin expects is present), then sets what the tests need.
Usage: plugins.py WORKDIR BASE_URL RESOURCE_URI...
"""
import json
import re
import sys

work, base, resources = sys.argv[1], sys.argv[2], sys.argv[3:]
script = open("/usr/share/glewlwyd/webapp/admin.js").read()
anchor = script.index('"jwt-type":"rsa","jwt-key-size":"256","jwks-uri"')
start = script.rindex("{", 0, anchor)
depth = 0
for end in range(start, len(script)):
    depth += {"{": 1, "}": -1}.get(script[end], 0)
    if depth == 0:
        break
literal = script[start:end + 1].replace("!0", "true").replace("!1", "false")
defaults = json.loads(re.sub(r"([{,])([A-Za-z_][A-Za-z0-9_]*):", r'\1"\2":', literal))

for name, kind, key, duration in (("oidc", "rsa", "rsa", 3600), ("oidc-es", "ecdsa", "ec", 3600), ("oidc-short", "ecdsa", "ec", 2)):
    parameters = dict(defaults)
    parameters.update({
        "iss": f"{base}/api/{name}",
        "jwt-type": kind,
        "jwt-key-size": "256",
        "key": open(f"{work}/{key}.pem").read(),
        "cert": open(f"{work}/{key}.pub").read(),
        "access-token-duration": duration,
        "allow-non-oidc": True,            # required for client_credentials
        "auth-type-client-enabled": True,
        "allowed-scope": ["openid", "notes.read", "notes.write"],
        "resource-allowed": True,          # RFC 8707: aud = the requested resource
        "resource-change-allowed": True,
        "resource-scope": {"notes.read": resources, "notes.write": resources},
        "introspection-revocation-allowed": True,
        "pkce-allowed": True,
        "register-client-allowed": True,
    })
    json.dump({"module": "oidc", "name": name, "display_name": name, "parameters": parameters}, open(f"{work}/plugin-{name}.json", "w"))
