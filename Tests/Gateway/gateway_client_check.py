"""Drives Gatehouse in gateway mode with the official Python SDK client (scripts/test-gateway.sh).

Usage: gateway_client_check.py BASE   (tokens in $TOKEN_CLAUDE, $TOKEN_CLAUDE_ADMIN, $TOKEN_OPENAI)
The gateway serves two upstreams built on the Python SDK's server: `notes` over Streamable HTTP (no prefix,
forward_identity) and `local` over stdio (prefix local_). Prints one line per check and "N passed, N failed".
"""

import asyncio
import json
import os
import sys

import httpx2
import mcp
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import ElicitResult, InputRequiredResult

BASE = sys.argv[1]
CLAUDE, OPENAI = f"{BASE}/mcp/claude", f"{BASE}/mcp/openai"
results = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    results["passed" if condition else "failed"] += 1
    print(f"{'PASS' if condition else 'FAIL'} {name}" + ("" if condition else f" {detail}"))


def client(url, token, mode, **options):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return mcp.Client(streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers, timeout=30)), mode=mode,
                      **options)


async def expect_error(name, call, code, *fragments):
    try:
        result = await call
        check(name, False, f"no error: {result}")
    except MCPError as error:
        text = f"{error.error.message} {json.dumps(error.error.data)}"
        check(name, error.error.code == code and all(f in text for f in fragments), f"{error.error.code} {text}")


async def both_presets(mode, expected_version):
    for label, url, token in (("claude", CLAUDE, os.environ["TOKEN_CLAUDE"]), ("openai", OPENAI, os.environ["TOKEN_OPENAI"])):
        tag = f"[{label} {mode}]"
        async with client(url, token, mode) as session:
            check(f"{tag} protocol version", session.protocol_version == expected_version, session.protocol_version)
            names = {tool.name for tool in (await session.list_tools()).tools}
            check(f"{tag} tools/list: both upstreams, prefixed", {"add", "echo", "slow_count", "local_add"} <= names, names)
            check(f"{tag} tools/list: denied tools are not listed", "fail" not in names and "local_echo" not in names, names)

            added = await session.call_tool("add", {"a": 2, "b": 3})
            check(f"{tag} tools/call typed arguments over HTTP", json.loads(added.content[0].text) == {"sum": 5}, added)
            local = await session.call_tool("local_add", {"a": 20, "b": 22})
            check(f"{tag} tools/call over stdio", json.loads(local.content[0].text) == {"sum": 42}, local)
            bad = await session.call_tool("add", {"a": "x", "b": 3})
            check(f"{tag} the upstream's own argument error is relayed", bad.is_error is True, bad)
            await expect_error(f"{tag} a denied tool is unknown (-32602)", session.call_tool("fail", {}), -32602, "unknown tool")

            progress = []

            async def on_progress(value, total, message):
                progress.append((value, total))

            counted = await session.call_tool("slow_count", {"to": 3}, progress_callback=on_progress)
            check(f"{tag} progress relayed", counted.content[0].text == "counted to 3" and len(progress) == 3, progress)

            who = await session.call_tool("whoami", {})
            seen = json.loads(who.content[0].text)
            check(f"{tag} identity headers reach the upstream", seen.get("gatehouse-caller-subject") == "gateway-user", seen)

            text = (await session.read_resource("notes://all")).contents[0].text
            check(f"{tag} resources/read", text == "note one\nnote two", text)
            templated = (await session.read_resource("notes://by-id/7")).contents[0].text
            check(f"{tag} resources/read through a template", templated == "note 7", templated)
            prompt = await session.get_prompt("summarize", {"style": "terse"})
            check(f"{tag} prompts/get", "terse" in prompt.messages[0].content.text, prompt)


        # Cancellation: the caller gives up and the gateway tells the upstream. Asserted by the script, which counts
        # the notifications/cancelled requests in the upstream's request log (one per preset and era). Its own session: the SDK client may fail while closing a session
        # whose request it cancelled, which is not what is tested here.
        try:
            async with client(url, token, mode) as session:
                task = asyncio.create_task(session.call_tool("hang", {}))
                await asyncio.sleep(0.5)
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        except Exception:  # noqa: BLE001 — the SDK's teardown after a cancelled request
            pass


async def scopes_and_faults():
    # Claude-style: an admin tool with a notes.read token is a 403 (checked over raw HTTP by the script); with the
    # admin token it runs.
    async with client(CLAUDE, os.environ["TOKEN_CLAUDE_ADMIN"], "auto") as session:
        reset = await session.call_tool("admin_reset", {})
        check("[claude] mapped scope present: the admin tool runs", reset.content[0].text == "reset done", reset)
    # OpenAI-style: the same call without the scope is a tool-level challenge naming it.
    async with client(OPENAI, os.environ["TOKEN_OPENAI"], "auto") as session:
        challenged = await session.call_tool("admin_reset", {})
        meta = json.dumps(challenged.meta or {})
        check("[openai] mapped scope missing: tool-level challenge", challenged.is_error and "notes.admin" in meta, challenged)
    # OpenAI-style noauth rule: echo without any token.
    async with client(OPENAI, None, "auto") as session:
        echoed = await session.call_tool("echo", {"text": "anonymous"})
        check("[openai] a noauth rule: called without a token", echoed.content[0].text == "anonymous", echoed)
    async with client(CLAUDE, os.environ["TOKEN_CLAUDE"], "auto") as session:
        await expect_error("[fault] 50 MB response: refused, named", session.call_tool("huge", {}), -32603,
                           'Upstream "notes"', "response_too_large")
        await expect_error("[fault] an upstream that never answers: timeout, named", session.call_tool("hang", {}),
                           -32603, "timeout", '"upstream": "notes"')


async def list_changes():
    # The stdio upstream adds a tool and announces it: the gateway refetches its lists and serves the new tool. Each
    # look is a new session, so no list the client kept from before is reused.
    async with client(CLAUDE, os.environ["TOKEN_CLAUDE"], "auto") as session:
        before = {tool.name for tool in (await session.list_tools()).tools}
        grew = await session.call_tool("local_grow", {})
    names = set()
    for _ in range(50):
        async with client(CLAUDE, os.environ["TOKEN_CLAUDE"], "auto") as session:
            names = {tool.name for tool in (await session.list_tools()).tools}
            if "local_grown" in names:
                grown = await session.call_tool("local_grown", {})
                break
        await asyncio.sleep(0.1)
    check("[stdio] list_changed: the new tool is listed", grew.content[0].text == "grew" and "local_grown" not in before
          and "local_grown" in names, names)
    check("[stdio] the new tool is callable", "local_grown" in names and grown.content[0].text == "grown")


async def questions():
    # The upstream asks the caller for a login (elicitation). A 2026-07-28 caller gets the question as an
    # InputRequiredResult (its requestState sealed by the gateway) and retries; a 2025-11-25 caller is asked on its
    # call's stream and the gateway retries for it.
    asked = []

    async def on_elicit(context, params):
        asked.append(params.message)
        return ElicitResult(action="accept", content={"name": "octocat"})

    for label, url, token in (("claude", CLAUDE, os.environ["TOKEN_CLAUDE"]), ("openai", OPENAI, os.environ["TOKEN_OPENAI"])):
        for mode in ("auto", "legacy"):
            async with client(url, token, mode, elicitation_callback=on_elicit) as session:
                greeted = await session.call_tool("greet", {})
                check(f"[{label} {mode}] the upstream's question reaches the caller, its answer the upstream",
                      greeted.content[0].text == "hello octocat" and asked[-1:] == ["Your login?"], greeted)
                asked.clear()
    # A caller that declared no elicitation is not asked: the upstream says what it lacks.
    for mode in ("auto", "legacy"):
        async with client(CLAUDE, os.environ["TOKEN_CLAUDE"], mode) as session:
            try:
                result = await session.call_tool("greet", {})
                check(f"[claude {mode}] no elicitation declared: refused", result.is_error, result)
            except MCPError as error:
                check(f"[claude {mode}] no elicitation declared: refused, naming it",
                      "elicitation" in f"{error.error.message} {json.dumps(error.error.data)}".lower(), error.error)
    # The sealed state is the principal's: another user's retry with it is refused before the upstream.
    async with client(CLAUDE, os.environ["TOKEN_CLAUDE"], "auto", elicitation_callback=on_elicit) as session:
        first = await session.session.call_tool("greet", {}, allow_input_required=True)
        state = first.request_state if isinstance(first, InputRequiredResult) else None
        check("[claude] the question's requestState is sealed by the gateway", (state or "").startswith("gh1."), first)
    answers = {key: {"action": "accept", "content": {"name": "mallory"}} for key in (first.input_requests or {})}
    async with client(CLAUDE, os.environ["TOKEN_CLAUDE_OTHER"], "auto", elicitation_callback=on_elicit) as other:
        await expect_error("[claude] another principal's requestState: -32602, not forwarded",
                           other.session.call_tool("greet", {}, input_responses=answers, request_state=state,
                                                   allow_input_required=True),
                           -32602, "requestState")


async def main():
    await questions()
    await both_presets("auto", "2026-07-28")
    await both_presets("legacy", "2025-11-25")
    await scopes_and_faults()
    await list_changes()
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


asyncio.run(main())
