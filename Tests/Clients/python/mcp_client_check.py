"""Drives a Gatehouse MCP endpoint with the official Python SDK (`pip install mcp`), in both connection modes.

Usage: python mcp_client_check.py URL [STDIO-COMMAND ...]
Prints one line per check, then "N passed, N failed"; exits 1 on any failure.

- mode="auto" probes `server/discover` and speaks 2026-07-28 (sessionless);
- mode="legacy" runs the `initialize` handshake (2025-11-25 session).
Each runs: discover/initialize, tools/list, tools/call (success, tool error, invalid params, progress),
resources/read, prompts/get; then two concurrent clients with identical JSON-RPC ids must get their own results.
"""

import asyncio
import sys

import mcp
from mcp.shared.exceptions import MCPError

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/mcp"
STDIO = sys.argv[2:]  # a command serving the same backend over stdio, if given
results = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    if condition:
        results["passed"] += 1
        print(f"PASS {name}")
    else:
        results["failed"] += 1
        print(f"FAIL {name} {detail}")


async def exercise(mode, expected_version, server=None):
    async with mcp.Client(server or URL, mode=mode) as client:
        mode = f"stdio {mode}" if server else mode
        check(f"[{mode}] protocol version", client.protocol_version == expected_version, client.protocol_version)

        tools = await client.list_tools()
        names = {tool.name for tool in tools.tools}
        check(f"[{mode}] tools/list", {"add", "echo", "fail", "slow_count"} <= names, names)

        added = await client.call_tool("add", {"a": 2, "b": 3})
        check(f"[{mode}] tools/call success", not added.is_error and added.structured_content == {"sum": 5}, added)

        failed = await client.call_tool("fail", {})
        check(f"[{mode}] tools/call tool error", failed.is_error is True, failed)

        try:
            await client.call_tool("add", {"a": "x", "b": 3})
            check(f"[{mode}] tools/call invalid params", False, "no error raised")
        except MCPError as error:
            check(f"[{mode}] tools/call invalid params", error.error.code == -32602, error)

        progress = []

        async def on_progress(value, total, message):
            progress.append((value, total))

        counted = await client.call_tool("slow_count", {"to": 3}, progress_callback=on_progress)
        check(f"[{mode}] tools/call with progress", counted.content[0].text == "counted to 3" and len(progress) == 3, progress)

        resource = await client.read_resource("test://greeting")
        check(f"[{mode}] resources/read", resource.contents[0].text == "hello from gatehouse", resource)

        prompt = await client.get_prompt("greet", {"name": "Ada"})
        check(f"[{mode}] prompts/get", prompt.messages[0].content.text == "Please greet Ada.", prompt)


async def listen_acknowledged():
    # 2026-07-28 subscriptions/listen over HTTP: entering waits for the acknowledgment; the honored subset comes back.
    async with mcp.Client(URL, mode="auto") as client:
        async with client.listen(tools_list_changed=True, resource_subscriptions=["test://greeting"]) as subscription:
            honored = subscription.honored
        check("[auto] subscriptions/listen acknowledged", honored is not None and honored.tools_list_changed is True
              and not honored.resource_subscriptions, honored)


async def identical_ids(mode):
    # Both clients number their requests from the same starting id; each must only ever see its own answers.
    async with mcp.Client(URL, mode=mode) as first, mcp.Client(URL, mode=mode) as second:

        async def run(client, text):
            answers = []
            for _ in range(25):
                result = await client.call_tool("echo", {"text": text})
                answers.append(result.content[0].text)
            return answers

        ones, twos = await asyncio.gather(run(first, "one"), run(second, "two"))
        check(f"[{mode}] concurrent clients with identical ids", set(ones) == {"one"} and set(twos) == {"two"}, (ones, twos))


async def main():
    for mode, version in (("auto", "2026-07-28"), ("legacy", "2025-11-25")):
        try:
            await exercise(mode, version)
            await identical_ids(mode)
            if mode == "auto":
                await listen_acknowledged()
        except Exception as error:  # a transport failure is a failed check, not a crash of the runner
            check(f"[{mode}] session", False, repr(error))
    if STDIO:
        server = mcp.StdioServerParameters(command=STDIO[0], args=STDIO[1:])
        for mode, version in (("auto", "2026-07-28"), ("legacy", "2025-11-25")):
            try:
                await exercise(mode, version, server=server)
            except Exception as error:
                check(f"[stdio {mode}] session", False, repr(error))
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(0 if results["failed"] == 0 else 1)


asyncio.run(main())
