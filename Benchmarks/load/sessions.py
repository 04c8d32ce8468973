"""Opens N legacy MCP sessions (initialize over keep-alive connections) against PORT and leaves them idle.

Usage: python3 sessions.py PORT N [PATH]  — prints the number of sessions created (PATH defaults to /mcp).
"""
import json
import socket
import sys

port, count = int(sys.argv[1]), int(sys.argv[2])
path = sys.argv[3] if len(sys.argv) > 3 else "/mcp"
body = json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                   "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "load", "version": "1"}}}).encode()
request = (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           b"Accept: application/json, text/event-stream\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
created = 0
connection = socket.create_connection(("127.0.0.1", port))
buffer = b""
for _ in range(count):
    connection.sendall(request)
    while b"\r\n\r\n" not in buffer:
        buffer += connection.recv(65536)
    head, buffer = buffer.split(b"\r\n\r\n", 1)
    length = int([line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")][0])
    while len(buffer) < length:
        buffer += connection.recv(65536)
    buffer = buffer[length:]
    if b"mcp-session-id" in head.lower():
        created += 1
print(created)
