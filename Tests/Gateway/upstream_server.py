"""An unauthenticated MCP server built on the official Python SDK, for the gateway tests (scripts/test-gateway.sh).

Usage: upstream_server.py http PORT HEADER_LOG   (Streamable HTTP at /mcp; every request's headers appended to
                                                  HEADER_LOG as one JSON object per line; "-": none)
       upstream_server.py stdio                  (one process speaking stdio)
Tools with typed arguments (add, echo), a tool error (fail), a slow tool with progress (slow_count), a tool that
never answers (hang), a tool returning about 50 MB (huge), a tool returning what the server saw of the caller
(whoami: the Gatehouse-Caller-* headers), a tool naming its process and principal (process), a tool that adds a tool and announces it (grow), a tool that asks the caller for its login (greet: elicitation, as a 2026-07-28
InputRequiredResult or a 2025 request mid-call); a resource, a resource template and a prompt.
"""

import asyncio
import json
import os
import sys
from typing import Annotated

from mcp.server import MCPServer
from mcp.server.mcpserver import Context, Elicit, Resolve
from pydantic import BaseModel

server = MCPServer(name="python-upstream")
seen_headers = {}


@server.tool()
def add(a: int, b: int) -> dict:
    """Adds two integers."""
    return {"sum": a + b}


@server.tool()
def echo(text: str) -> str:
    """Returns the text."""
    return text


@server.tool()
def fail() -> str:
    """Always fails."""
    raise ValueError("this tool always fails")


@server.tool()
async def slow_count(to: int, ctx: Context) -> str:
    """Counts to `to`, reporting progress at each step."""
    for step in range(1, to + 1):
        await ctx.report_progress(step, to, f"step {step}")
        await ctx.info(f"counted {step}")
        await asyncio.sleep(0.05)
    return f"counted to {to}"


@server.tool()
async def hang() -> str:
    """Never answers (for timeouts and cancellation)."""
    await asyncio.sleep(3600)
    return "unreachable"


@server.tool()
def huge() -> str:
    """About 50 MB of text."""
    return "x" * (50 * 1024 * 1024)


@server.tool()
def admin_reset() -> str:
    """A tool the gateway's rules require an extra scope for."""
    return "reset done"


@server.tool()
def whoami(ctx: Context) -> dict:
    """The Gatehouse-Caller-* headers this server received with the call (HTTP only)."""
    headers = dict(ctx.headers or {})
    return {name: value for name, value in headers.items() if name.lower().startswith("gatehouse-caller-")}


@server.tool()
def process() -> dict:
    """This process's id and the principal it was started for (GATEHOUSE_CALLER_* of a per-principal process)."""
    return {"pid": os.getpid(), "issuer": os.environ.get("GATEHOUSE_CALLER_ISSUER"),
            "subject": os.environ.get("GATEHOUSE_CALLER_SUBJECT")}


@server.tool()
async def grow(ctx: Context) -> str:
    """Adds a tool `grown` and announces the change (notifications/tools/list_changed)."""

    def grown() -> str:
        """Added at run time."""
        return "grown"

    server.add_tool(grown, name="grown")
    await ctx.notify_tools_changed()
    return "grew"


class Login(BaseModel):
    name: str


def ask_login() -> Elicit[Login]:
    return Elicit("Your login?", Login)


@server.tool()
def greet(login: Annotated[Login, Resolve(ask_login)]) -> str:
    """Greets the caller by the login it gives when asked (elicitation)."""
    return f"hello {login.name}"


@server.resource("notes://all", name="all-notes", mime_type="text/plain")
def all_notes() -> str:
    """Every note."""
    return "note one\nnote two"


@server.resource("notes://by-id/{note_id}", name="note")
def note(note_id: str) -> str:
    """One note."""
    return f"note {note_id}"


@server.prompt()
def summarize(style: str) -> str:
    """Summarize the notes."""
    return f"Summarize the notes in a {style} style."


def recording(app, log_path):
    """ASGI middleware: appends each HTTP request's headers to log_path before the app sees it."""

    async def middleware(scope, receive, send):
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            with open(log_path, "a") as log:
                log.write(json.dumps({"method": scope["method"], "path": scope["path"], "headers": headers}) + "\n")
        await app(scope, receive, send)

    return middleware


if __name__ == "__main__":
    if sys.argv[1] == "stdio":
        server.run("stdio")
    else:
        import uvicorn

        port, log_path = int(sys.argv[2]), sys.argv[3]
        app = server.streamable_http_app()
        if log_path != "-":  # "-": no header log (the benchmark's upstream)
            app = recording(app, log_path)
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
