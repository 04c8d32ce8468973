import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Testing

@Suite("Streamable HTTP, 2026-07-28 (sessionless): header validation, status codes, cancellation")
struct ModernTransportTests {
    typealias S = HTTPTestSupport

    @Test("tools/call with matching headers succeeds statelessly")
    func toolsCall() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/call", name: "echo"),
                body: S.modernBody("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let result = try S.json(response)["result"]
                #expect(result?["content"]?.arrayValue?.first?["text"] == "hi (anonymous, 2026-07-28)")
                #expect(result?["resultType"] == "complete")
                #expect(response.headers[HTTPField.Name("Mcp-Session-Id")!] == nil)
            }
        }
    }

    @Test(
        "a JSON response names its protocol version and content type once each, with and without CORS headers",
        arguments: [nil, "https://app.example"]
    )
    func responseHeaders(_ origin: String?) async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var headers = S.modernHeaders(method: "tools/call", name: "echo")
            if let origin { headers.append(HTTPField(name: .origin, value: origin)) }
            try await client.execute(
                uri: "/mcp", method: .post, headers: headers,
                body: S.modernBody("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .ok)
                let version = HTTPField.Name("MCP-Protocol-Version")!
                #expect(response.headers[values: version] == ["2026-07-28"])
                #expect(response.headers[values: .contentType] == ["application/json"])
                #expect(response.headers[.accessControlAllowOrigin] == origin)
            }
        }
    }

    @Test("server/discover works without any prior handshake")
    func discover() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "server/discover"),
                body: S.modernBody("server/discover")
            ) { response in
                #expect(response.status == .ok)
                let decoded6 = try S.json(response)
                #expect(decoded6["result"]?["supportedVersions"]?.arrayValue?.first == "2026-07-28")
            }
        }
    }

    @Test(
        "header/body mismatches are 400 with -32020",
        arguments: [
            ("tools/list", nil as String?, "tools/call"),  // Mcp-Method differs
            ("tools/call", "other", "tools/call"),  // Mcp-Name differs
            ("tools/call", nil, "tools/call"),  // Mcp-Name missing
        ]
    )
    func mismatch(_ headerMethod: String, _ headerName: String?, _ bodyMethod: String) async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: headerMethod, name: headerName),
                body: S.modernBody(bodyMethod, params: ["name": "echo", "arguments": ["text": "x"]])
            ) { response in
                #expect(response.status == .badRequest)
                let decoded7 = try S.json(response)
                #expect(decoded7["error"]?["code"] == -32020)
            }
        }
    }

    @Test("a base64 sentinel Mcp-Name is decoded before comparing")
    func encodedName() async throws {
        let backend = S.backend()
        backend.add(Tool(name: "grüß", description: "non-ASCII name") { _, _ in .text("ok") })
        let (app, _) = S.application(backend: backend)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/call", name: "=?base64?Z3LDvMOf?="),
                body: S.modernBody("tools/call", params: ["name": "grüß"])
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("the version header must be present and equal _meta's version (-32020)")
    func versionHeader() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var headers = S.modernHeaders(method: "tools/list")
            headers[HTTPField.Name("MCP-Protocol-Version")!] = nil
            try await client.execute(uri: "/mcp", method: .post, headers: headers, body: S.modernBody("tools/list")) {
                response in
                #expect(response.status == .badRequest)
                let decoded8 = try S.json(response)
                #expect(decoded8["error"]?["code"] == -32020)
            }
        }
    }

    @Test("an unsupported version is 400 with -32022 listing the supported ones")
    func unsupportedVersion() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/list", version: "2031-01-01"),
                body: S.modernBody("tools/list", version: "2031-01-01")
            ) { response in
                #expect(response.status == .badRequest)
                let error = try S.json(response)["error"]
                #expect(error?["code"] == -32022)
                #expect(error?["data"]?["supported"]?.arrayValue?.contains("2026-07-28") == true)
            }
        }
    }

    @Test("an unknown method is HTTP 404 with -32601")
    func unknownMethod() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/destroy"),
                body: S.modernBody("tools/destroy")
            ) { response in
                #expect(response.status == .notFound)
                let decoded9 = try S.json(response)
                #expect(decoded9["error"]?["code"] == -32601)
            }
        }
    }

    @Test("GET and DELETE are 405 for sessionless clients; batches are 400; notifications are 202")
    func methodsAndShapes() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            for method in [HTTPRequest.Method.get, .delete] {
                try await client.execute(uri: "/mcp", method: method, headers: S.modernHeaders(method: "x")) {
                    response in
                    #expect(response.status == .methodNotAllowed)
                }
            }
            let batch = ByteBuffer(string: "[" + String(buffer: S.modernBody("tools/list")) + "]")
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/list"), body: batch
            ) { response in
                #expect(response.status == .badRequest)
                let decoded10 = try S.json(response)
                #expect(decoded10["error"]?["code"] == -32600)
            }
            let notification = S.body([
                "jsonrpc": "2.0", "method": "notifications/x",
                "params": ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]],
            ])
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "notifications/x"), body: notification
            ) { response in
                #expect(response.status == .accepted)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("progress streams over SSE before the result, with event ids, retry hint and no proxy buffering")
    func sseProgress() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var headers = S.modernHeaders(method: "tools/call", name: "count")
            headers[.accept] = "text/event-stream"
            var params: [String: JSONValue] = ["name": "count", "arguments": ["to": 3]]
            params["_meta"] = ["progressToken": "t"]
            let body = S.modernBody("tools/call", params: params)
            // modernBody overwrote _meta; add the progress token back next to the protocol metadata.
            var document = try StrictJSONParser().parse(Array(body.readableBytesView)).objectValue!
            var requestParams = document["params"]!.objectValue!
            var meta = requestParams["_meta"]!.objectValue!
            meta["progressToken"] = "t"
            requestParams["_meta"] = .object(meta)
            document["params"] = .object(requestParams)
            try await client.execute(uri: "/mcp", method: .post, headers: headers, body: S.body(.object(document))) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                #expect(response.headers[HTTPField.Name("X-Accel-Buffering")!] == "no")
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("retry: 3000"))
                #expect(text.contains("\nid: "))
                let events = try S.events(response)
                #expect(events.count == 4)
                #expect(events.prefix(3).allSatisfy { $0["method"] == "notifications/progress" })
                #expect(events.last?["result"]?["content"]?.arrayValue?.first?["text"] == "counted 3")
            }
        }
    }
}

@Suite("Streamable HTTP over a real socket")
struct LiveConnectionTests {
    typealias S = HTTPTestSupport

    @Test("JSON responses keep the connection alive: many requests on one connection")
    func keepAlive() async throws {
        let (app, _) = S.application()
        try await app.test(.live) { client in
            for index in 0..<20 {
                try await client.execute(
                    uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/call", name: "echo"),
                    body: S.modernBody(
                        "tools/call", id: .integer(index), params: ["name": "echo", "arguments": ["text": "k"]])
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.connection] != "close")
                }
            }
        }
    }
}
