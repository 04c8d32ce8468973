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
