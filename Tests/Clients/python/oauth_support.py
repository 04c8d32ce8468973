"""What the OAuth checks share: the PASS/FAIL report, a raw 2026-07-28 tool call, token storage for the SDK."""

import sys

import httpx2

results = {"passed": 0, "failed": 0}
META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}


def check(name, condition, detail=""):
    """One line per check; `finish` reports the totals."""
    results["passed" if condition else "failed"] += 1
    print(f"{'PASS' if condition else 'FAIL'} {name}{'' if condition else ' ' + str(detail)}")


def finish():
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(0 if results["failed"] == 0 else 1)


def raw_call(url, tool, bearer=None):
    """One 2026-07-28 tools/call over plain HTTP, to look at statuses and challenges directly."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": tool}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": {}, "_meta": META}}
    return httpx2.post(url, headers=headers, json=body)


class MemoryStorage:
    """The SDK's TokenStorage, in memory: tokens and the registered client."""

    def __init__(self, tokens=None):
        self.tokens, self.client = tokens, None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, client):
        self.client = client
