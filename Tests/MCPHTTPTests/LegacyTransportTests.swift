import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Synchronization
import Testing

@Suite("Streamable HTTP, 2025-03-26 … 2025-11-25 (sessions)")
struct LegacyTransportTests {
    typealias S = HTTPTestSupport
    static let sessionHeader = HTTPField.Name("Mcp-Session-Id")!
    static let versionHeader = HTTPField.Name("MCP-Protocol-Version")!

    static func initialize(_ client: some TestClientProtocol, version: String = "2025-06-18", subject: String? = nil)
        async throws -> String
    {
        var headers = S.jsonHeaders
        if let subject { headers[HTTPField.Name("X-Test-Subject")!] = subject }
        let body = S.body([
            "jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": [
                "protocolVersion": .string(version), "capabilities": [:], "clientInfo": ["name": "t", "version": "1"],
            ],
        ])
        return try await client.execute(uri: "/mcp", method: .post, headers: headers, body: body) { response in
            #expect(response.status == .ok)
            let decoded1 = try S.json(response)
            #expect(decoded1["result"]?["protocolVersion"] == .string(version))
            let id = try #require(response.headers[sessionHeader])
            #expect(id.count == 64 && id.allSatisfy(\.isHexDigit))
            return id
        }
    }

    static func headers(_ session: String?, version: String? = "2025-06-18", subject: String? = nil) -> HTTPFields {
        var headers = S.jsonHeaders
        if let session { headers[sessionHeader] = session }
        if let version { headers[versionHeader] = version }
        if let subject { headers[HTTPField.Name("X-Test-Subject")!] = subject }
        return headers
    }

    static func call(_ method: String, id: JSONValue = 1, _ params: [String: JSONValue] = [:]) -> ByteBuffer {
        S.body(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": .object(params)])
    }

    @Test(
        "initialize → initialized → tools/call, every legacy revision",
        arguments: ["2025-03-26", "2025-06-18", "2025-11-25"])
    func lifecycle(_ version: String) async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await Self.initialize(client, version: version)
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session, version: version),
                body: S.body(["jsonrpc": "2.0", "method": "notifications/initialized"])
            ) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session, version: version),
                body: Self.call("tools/call", ["name": "echo", "arguments": ["text": "hi"]])
            ) { response in
                #expect(response.status == .ok)
                let decoded2 = try S.json(response)
                #expect(
                    decoded2["result"]?["content"]?.arrayValue?.first?["text"] == .string("hi (anonymous, \(version))"))
            }
        }
    }

    @Test("a missing session id is 400, an unknown or deleted one is 404")
    func sessionErrors() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(nil), body: Self.call("tools/list")
            ) { response in
                #expect(response.status == .badRequest)
                let decoded3 = try S.json(response)
                #expect(decoded3["error"]?["code"] == -32600)
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(String(repeating: "0", count: 64)),
                body: Self.call("tools/list")
            ) { response in
                #expect(response.status == .notFound)
            }
            let session = try await Self.initialize(client)
            try await client.execute(uri: "/mcp", method: .delete, headers: Self.headers(session)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session), body: Self.call("tools/list")
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("a session is bound to its principal: same user passes, another user or no user is 403")
    func principalBinding() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await Self.initialize(client, subject: "alice")
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session, subject: "alice"),
                body: Self.call("tools/list")
            ) { response in
                #expect(response.status == .ok)
            }
            for intruder in ["mallory", nil] as [String?] {
                try await client.execute(
                    uri: "/mcp", method: .post, headers: Self.headers(session, subject: intruder),
                    body: Self.call("tools/list")
                ) { response in
                    #expect(response.status == .forbidden)
                }
            }
        }
    }

    @Test("MCP-Protocol-Version must match the session's revision")
    func versionHeader() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await Self.initialize(client)
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session, version: "2025-11-25"),
                body: Self.call("tools/list")
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session, version: nil), body: Self.call("tools/list")
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("batches work in 2025-03-26 only; ids of the same value in two sessions stay apart")
    func batches() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let old = try await Self.initialize(client, version: "2025-03-26")
            let batch = S.body([
                [
                    "jsonrpc": "2.0", "id": 1, "method": "tools/call",
                    "params": ["name": "echo", "arguments": ["text": "a"]],
                ],
                [
                    "jsonrpc": "2.0", "id": "1", "method": "tools/call",
                    "params": ["name": "echo", "arguments": ["text": "b"]],
                ],
                ["jsonrpc": "2.0", "method": "notifications/initialized"],
            ])
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(old, version: "2025-03-26"), body: batch
            ) { response in
                #expect(response.status == .ok)
                let responses = try S.json(response).arrayValue ?? []
                #expect(responses.count == 2)
                #expect(responses[0]["id"] == 1 && responses[1]["id"] == "1")
                #expect(responses[1]["result"]?["content"]?.arrayValue?.first?["text"] == "b (anonymous, 2025-03-26)")
            }
            let new = try await Self.initialize(client)
            try await client.execute(uri: "/mcp", method: .post, headers: Self.headers(new), body: batch) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("the GET stream carries list changes and replays after Last-Event-ID")
    func getStream() async throws {
        let backend = S.backend()
        let (app, endpoint) = S.application(backend: backend)
        try await app.test(.router) { client in
            let session = try await Self.initialize(client)
            var headers = Self.headers(session)
            headers[.accept] = "text/event-stream"
            // Two changes before the stream opens are kept for replay.
            backend.add(Tool(name: "new1", description: "x") { _, _ in .text("") })
            backend.add(Tool(name: "new2", description: "x") { _, _ in .text("") })
            #expect(endpoint.sessionCount == 1)
            // Resume after the first event: only the second is replayed. Close the stream by deleting the session.
            headers[HTTPField.Name("Last-Event-ID")!] = "\(session.prefix(8))-1"
            let deleter = Task {
                try await Task.sleep(for: .milliseconds(200))
                try await client.execute(uri: "/mcp", method: .delete, headers: Self.headers(session)) { _ in }
            }
            try await client.execute(uri: "/mcp", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let text = String(buffer: response.body)
                #expect(text.contains("id: \(session.prefix(8))-2"))
                #expect(!text.contains("id: \(session.prefix(8))-1\n"))
                let decoded4 = try S.events(response)
                #expect(decoded4.map { $0["method"] } == ["notifications/tools/list_changed"])
            }
            try await deleter.value
        }
    }

    @Test("notifications/cancelled stops a running request")
    func cancellation() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await Self.initialize(client)
            let canceller = Task {
                try await Task.sleep(for: .milliseconds(200))
                let note = S.body([
                    "jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": ["requestId": 42, "reason": "user"],
                ])
                try await client.execute(uri: "/mcp", method: .post, headers: Self.headers(session), body: note) {
                    response in
                    #expect(response.status == .accepted)
                }
            }
            let started = ContinuousClock.now
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(session),
                body: Self.call("tools/call", id: 42, ["name": "slow"])
            ) { response in
                let decoded5 = try S.json(response)
                #expect(decoded5["error"]?["code"] == -32800)
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            try await canceller.value
        }
    }

    @Test("sessions are bounded: the least recently used is evicted; idle ones expire")
    func bounds() async throws {
        let clock = Mutex(0.0)
        let configuration = StreamableHTTPConfiguration(maximumSessions: 2, sessionIdleTimeout: 60)
        let (app, endpoint) = S.application(configuration: configuration, now: { clock.withLock { $0 } })
        try await app.test(.router) { client in
            // Three users (anonymous sessions have their own, smaller bucket: SessionQuotaTests).
            let first = try await Self.initialize(client, subject: "u1")
            clock.withLock { $0 = 1 }
            let second = try await Self.initialize(client, subject: "u2")
            clock.withLock { $0 = 2 }
            _ = try await Self.initialize(client, subject: "u3")
            #expect(endpoint.sessionCount == 2)
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(first, subject: "u1"), body: Self.call("ping")
            ) { response in
                #expect(response.status == .notFound)
            }
            clock.withLock { $0 = 100 }
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.headers(second, subject: "u2"), body: Self.call("ping")
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("GET and DELETE need a session (400); GET needs an SSE Accept (406) and is 405 when disabled")
    func getAndDeleteGuards() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/mcp", method: .get, headers: [.accept: "text/event-stream"]) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/mcp", method: .delete) { response in
                #expect(response.status == .badRequest)
            }
            let session = try await Self.initialize(client)
            var jsonOnly = Self.headers(session)
            jsonOnly[.accept] = "application/json"
            try await client.execute(uri: "/mcp", method: .get, headers: jsonOnly) { response in
                #expect(response.status == .notAcceptable)
            }
        }
        let (closed, _) = S.application(configuration: StreamableHTTPConfiguration(allowsGetStream: false))
        try await closed.test(.router) { client in
            let session = try await Self.initialize(client)
            var headers = Self.headers(session)
            headers[.accept] = "text/event-stream"
            try await client.execute(uri: "/mcp", method: .get, headers: headers) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }

    @Test("responseMode .json answers in JSON even when the request asks for progress")
    func jsonMode() async throws {
        let (app, _) = S.application(configuration: StreamableHTTPConfiguration(responseMode: .json))
        try await app.test(.router) { client in
            let session = try await Self.initialize(client)
            let body = Self.call(
                "tools/call", ["name": "count", "arguments": ["to": 2], "_meta": ["progressToken": "p"]])
            try await client.execute(uri: "/mcp", method: .post, headers: Self.headers(session), body: body) {
                response in
                #expect(response.headers[.contentType] == "application/json")
                let document = try S.json(response)
                #expect(document["result"]?["content"]?.arrayValue?.first?["text"] == "counted 2")
            }
        }
    }
}
