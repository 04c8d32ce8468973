import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Testing

@Suite("HTTP guards: Origin, CORS, content negotiation, size limits, malformed bodies")
struct HTTPGuardTests {
    typealias S = HTTPTestSupport

    @Test("a foreign Origin is 403; no Origin and an allowed one pass with CORS headers")
    func origin() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var evil = S.modernHeaders(method: "server/discover")
            evil[.origin] = "https://evil.example"
            try await client.execute(uri: "/mcp", method: .post, headers: evil, body: S.modernBody("server/discover")) {
                response in
                #expect(response.status == .forbidden)
            }
            var good = S.modernHeaders(method: "server/discover")
            good[.origin] = "https://app.example"
            try await client.execute(uri: "/mcp", method: .post, headers: good, body: S.modernBody("server/discover")) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example")
                #expect(response.headers[.accessControlExposeHeaders]?.contains("WWW-Authenticate") == true)
            }
        }
    }

    @Test("OPTIONS preflight is answered with the MCP headers allowed")
    func preflight() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .options,
                headers: [.origin: "https://app.example", .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.status == .noContent)
                let allowed = response.headers[.accessControlAllowHeaders] ?? ""
                for header in [
                    "Authorization", "MCP-Protocol-Version", "Mcp-Session-Id", "Mcp-Method", "Mcp-Name",
                    "Last-Event-ID",
                ] {
                    #expect(allowed.contains(header), "\(header)")
                }
            }
        }
    }

    @Test("wrong Content-Type is 415, unacceptable Accept is 406, a huge body is 413")
    func negotiation() async throws {
        let configuration = StreamableHTTPConfiguration(maximumBodyBytes: 1024)
        let (app, _) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            var text = S.modernHeaders(method: "server/discover")
            text[.contentType] = "text/plain"
            try await client.execute(uri: "/mcp", method: .post, headers: text, body: S.modernBody("server/discover")) {
                response in
                #expect(response.status == .unsupportedMediaType)
            }
            var xml = S.modernHeaders(method: "server/discover")
            xml[.accept] = "application/xml"
            try await client.execute(uri: "/mcp", method: .post, headers: xml, body: S.modernBody("server/discover")) {
                response in
                #expect(response.status == .notAcceptable)
            }
            let big = S.modernBody(
                "tools/call",
                params: ["name": "echo", "arguments": ["text": .string(String(repeating: "x", count: 4096))]])
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/call", name: "echo"), body: big
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test("malformed JSON is 400 -32700; invalid messages are 400 -32600; the server keeps serving")
    func malformed() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            for (body, code) in [
                ("{", -32700), ("\u{FF}\u{FE}", -32700), (#"{"jsonrpc":"2.0","id":1}"#, -32600), ("[]", -32600),
            ] {
                try await client.execute(
                    uri: "/mcp", method: .post, headers: S.modernHeaders(method: "x"), body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest)
                    let document = try S.json(response)
                    #expect(document["error"]?["code"] == .integer(code))
                    #expect(document["id"] == .null)
                }
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "server/discover"),
                body: S.modernBody("server/discover")
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("PUT and PATCH are 405 with Allow")
    func otherMethods() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            for method in [HTTPRequest.Method.put, .patch] {
                try await client.execute(uri: "/mcp", method: method) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET, POST, DELETE, OPTIONS")
                }
            }
        }
    }
}

@Suite("HTTP guards: repeated and oddly written header fields")
struct RepeatedHeaderTests {
    typealias S = HTTPTestSupport

    @Test("two Origin fields are refused even when one is allowed (they join to a value no allow-list holds)")
    func repeatedOrigin() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var headers = S.modernHeaders(method: "server/discover")
            headers.append(HTTPField(name: .origin, value: "https://app.example"))
            headers.append(HTTPField(name: .origin, value: "https://evil.example"))
            try await client.execute(
                uri: "/mcp", method: .post, headers: headers, body: S.modernBody("server/discover")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test("two MCP-Protocol-Version or Mcp-Method fields are a header mismatch (-32020)")
    func repeatedProtocolHeaders() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            for name in ["MCP-Protocol-Version", "Mcp-Method"] {
                var headers = S.modernHeaders(method: "tools/list")
                let field = HTTPField.Name(name)!
                headers.append(HTTPField(name: field, value: headers[field]!))
                try await client.execute(
                    uri: "/mcp", method: .post, headers: headers, body: S.modernBody("tools/list")
                ) { response in
                    #expect(response.status == .badRequest, "\(name)")
                    let body = try S.json(response)
                    #expect(body["error"]?["code"] == -32020, "\(name)")
                }
            }
        }
    }

    @Test("a session id sent twice names no session (404), though each copy alone does")
    func repeatedSessionID() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await LegacyTransportTests.initialize(client)
            var headers = LegacyTransportTests.headers(session)
            headers.append(HTTPField(name: LegacyTransportTests.sessionHeader, value: session))
            try await client.execute(
                uri: "/mcp", method: .post, headers: headers, body: LegacyTransportTests.call("tools/list")
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: LegacyTransportTests.headers(session),
                body: LegacyTransportTests.call("tools/list")
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("field names are case-insensitive (RFC 9110 §5.1)")
    func lowercaseNames() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var headers: HTTPFields = [:]
            for field in S.modernHeaders(method: "tools/call", name: "echo") {
                headers.append(HTTPField(name: HTTPField.Name(field.name.rawName.uppercased())!, value: field.value))
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: headers,
                body: S.modernBody("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(
        "a malformed base64 sentinel in Mcp-Name never matches (-32020)",
        arguments: [
            "=?base64?ZWNobw",  // no closing "?=": compared as written
            "=?base64?!!!!?=",  // not base64
            "=?base64??=",  // empty payload
            "=?base64?/w==?=",  // not UTF-8
        ]
    )
    func malformedSentinel(_ value: String) async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/call", name: value),
                body: S.modernBody("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .badRequest)
                let body = try S.json(response)
                #expect(body["error"]?["code"] == -32020)
            }
        }
    }

    @Test(
        "a field is read only under its own name, not one of the same length (-32020 without a real Mcp-Name)",
        arguments: ["Mcp-Nama", "mcp-namE-", "X-Mcp-Name"]
    )
    func lookalikeName(_ lookalike: String) async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            var headers = S.modernHeaders(method: "tools/call")
            headers.append(HTTPField(name: HTTPField.Name(lookalike)!, value: "echo"))
            try await client.execute(
                uri: "/mcp", method: .post, headers: headers,
                body: S.modernBody("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .badRequest)
                let body = try S.json(response)
                #expect(body["error"]?["code"] == -32020)
            }
        }
    }

    @Test("the correct sentinel for an ASCII name is accepted too")
    func asciiSentinel() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "tools/call", name: "=?base64?ZWNobw==?="),
                body: S.modernBody("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
