"""A FastMCP server (PyPI `fastmcp`, a second Python implementation beside the official SDK's) as a gateway
upstream over Streamable HTTP, for scripts/test-gateway.sh.

Usage: fastmcp_upstream.py PORT   (Streamable HTTP at http://127.0.0.1:PORT/mcp)
A typed tool (multiply), a tool returning structured data (stats), a resource and a prompt.
"""

import sys

from fastmcp import FastMCP

mcp = FastMCP("fastmcp-upstream")


@mcp.tool
def multiply(a: float, b: float) -> float:
    """Multiplies two numbers."""
    return a * b


@mcp.tool
def stats(values: list[int]) -> dict:
    """Count, sum and maximum of a list of integers."""
    return {"count": len(values), "sum": sum(values), "max": max(values) if values else None}


@mcp.resource("fast://motd")
def motd() -> str:
    """The message of the day."""
    return "served by FastMCP"


@mcp.prompt
def review(code: str) -> str:
    """Asks for a review of some code."""
    return f"Please review:\n{code}"


if __name__ == "__main__":
    mcp.run(transport="http", host="127.0.0.1", port=int(sys.argv[1]), path="/mcp", show_banner=False)
