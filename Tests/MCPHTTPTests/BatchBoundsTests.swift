import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Synchronization
import Testing

/// A 2025-03-26 batch is bounded in messages and in response bytes (docs/security.md, "Batches"): one small body
/// must never cost the server hundreds of MiB.
@Suite("Batches: bounded in messages and response bytes")
struct BatchBoundsTests {
    typealias S = HTTPTestSupport
    typealias L = LegacyTransportTests

    static func post(_ client: some TestClientProtocol, session: String, _ body: ByteBuffer) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/mcp", method: .post, headers: L.headers(session, version: "2025-03-26"), body: body
        ) { $0 }
    }

    /// The test backend plus a tool `name` answering `text` that counts its runs.
    static func counting(_ name: String, text: String) -> (ToolBackend, Runs) {
        let runs = Runs()
        let backend = S.backend()
        backend.add(
            Tool(name: name, description: "Counts its calls", allowsAnonymous: true) { _, _ in
                runs.count.add(1, ordering: .relaxed)
                return .text(text)
            })
        return (backend, runs)
    }

    final class Runs: Sendable {
        let count = Atomic(0)
        var value: Int { count.load(ordering: .relaxed) }
    }

    @Test("2 M non-object elements under the body cap: one small 400, not one error per element")
    func nonObjectFlood() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-03-26")
            let body = "[" + Array(repeating: "1", count: 2_000_000).joined(separator: ",") + "]"
            #expect(body.utf8.count < 4 * 1024 * 1024)
            let response = try await Self.post(client, session: session, ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.body.readableBytes < 512)
            #expect(try S.json(response)["error"]?["code"] == -32600)
        }
    }

    @Test("a batch of non-objects under the message limit is still one error")
    func fewNonObjects() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-03-26")
            let response = try await Self.post(client, session: session, ByteBuffer(string: "[1,2,\"x\",null]"))
            #expect(response.status == .badRequest)
            let decoded = try S.json(response)
            #expect(decoded["error"]?["message"] == "Invalid request: a batch must hold JSON-RPC message objects")
        }
    }

    @Test("more messages than max_batch_messages: -32600 naming the limit, and nothing runs")
    func tooManyMessages() async throws {
        let (backend, runs) = Self.counting("tick", text: "ticked")
        var configuration = StreamableHTTPConfiguration(endpointName: "test")
        configuration.maximumBatchMessages = 4
        let (app, _) = S.application(configuration: configuration, backend: backend)
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-03-26")
            let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tick"}}"#
            let five = "[" + Array(repeating: call, count: 5).joined(separator: ",") + "]"
            let refused = try await Self.post(client, session: session, ByteBuffer(string: five))
            #expect(refused.status == .badRequest)
            #expect(try S.json(refused)["error"]?["message"]?.stringValue?.contains("at most 4 messages") == true)
            #expect(runs.value == 0)
            let four = "[" + Array(repeating: call, count: 4).joined(separator: ",") + "]"
            let accepted = try await Self.post(client, session: session, ByteBuffer(string: four))
            #expect(accepted.status == .ok)
            #expect(try S.json(accepted).arrayValue?.count == 4)
            #expect(runs.value == 4)
        }
    }

    @Test("responses past max_batch_response_bytes: -32603 in their place, later requests are not run")
    func responseBytesBounded() async throws {
        let (backend, runs) = Self.counting("big", text: String(repeating: "x", count: 1024))
        var configuration = StreamableHTTPConfiguration(endpointName: "test")
        configuration.maximumBatchResponseBytes = 3000
        let (app, _) = S.application(configuration: configuration, backend: backend)
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-03-26")
            let calls = (1...10).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"tools/call","params":{"name":"big"}}"# }
            let response = try await Self.post(
                client, session: session, ByteBuffer(string: "[" + calls.joined(separator: ",") + "]"))
            #expect(response.status == .ok)
            let answers = try #require(try S.json(response).arrayValue)
            #expect(answers.count == 10)
            #expect(answers.map(\.["id"]) == (1...10).map { JSONValue.number(String($0)) })
            #expect(answers[0]["result"] != nil && answers[1]["result"] != nil)
            #expect(answers[2]["error"]?["code"] == -32603)
            #expect(answers[2]["error"]?["data"]?["executed"] == true)
            #expect(answers[9]["error"]?["message"]?.stringValue?.hasSuffix("this request was not run") == true)
            #expect(answers[9]["error"]?["data"]?["executed"] == false)
            #expect(runs.value == 3)
            #expect(response.body.readableBytes < 3000 + 10 * 200)
        }
    }

    @Test("a mixed batch keeps JSON-RPC's per-element answers")
    func mixedBatch() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-03-26")
            let response = try await Self.post(
                client, session: session, ByteBuffer(string: #"[1,{"jsonrpc":"2.0","id":5,"method":"ping"}]"#))
            #expect(response.status == .ok)
            let answers = try #require(try S.json(response).arrayValue)
            #expect(answers.count == 2)
            #expect(answers[0]["error"]?["code"] == -32600)
            #expect(answers[1]["id"] == 5 && answers[1]["result"] != nil)
        }
    }
}
