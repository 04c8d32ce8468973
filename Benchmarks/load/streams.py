"""Opens N legacy MCP sessions, each with its own GET SSE stream, holds them open, then reports.

Usage: python3 streams.py PORT N PATH HOLD_SECONDS
Prints "open K" once K streams have received their first event (the `retry:` hint), then holds them for
HOLD_SECONDS (the caller measures the server meanwhile) and exits, closing them all.
"""
import json
import socket
import sys
import time

port, count, path, hold = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
body = json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                   "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                              "clientInfo": {"name": "streams", "version": "1"}}}).encode()


def read_head(connection, buffer):
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buffer += chunk
    head, rest = buffer.split(b"\r\n\r\n", 1)
    return head, rest


sockets = []
for _ in range(count):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       b"Accept: application/json, text/event-stream\r\nContent-Length: %d\r\n\r\n"
                       % (path.encode(), len(body)) + body)
    head, rest = read_head(connection, b"")
    fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])
    fields = {k.lower(): v for k, v in fields.items()}
    length = int(fields[b"content-length"])
    while len(rest) < length:
        rest += connection.recv(65536)
    session = fields[b"mcp-session-id"]
    connection.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                       b"MCP-Protocol-Version: 2025-06-18\r\nMcp-Session-Id: %s\r\n\r\n" % (path.encode(), session))
    head, rest = read_head(connection, rest[length:])
    while b"retry:" not in rest:
        rest += connection.recv(65536)
    sockets.append(connection)
print(f"open {len(sockets)}", flush=True)
time.sleep(hold)
for connection in sockets:
    connection.close()
