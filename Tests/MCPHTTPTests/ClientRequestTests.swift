import AsyncHTTPClient
import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import NIOHTTP1
import Synchronization
import Testing

@testable import MCPHTTP

/// A legacy session's server asking its client mid-call (2025-11-25 basic/transports: requests on the POST's SSE
/// stream, the answer POSTed in the session): bounded, timed, ended with the call or the session.
@Suite("Requests to the client on a legacy session's stream")
struct ClientRequestTests {
    typealias S = HTTPTestSupport
    typealias L = LegacyTransportTests

    static func backend() -> ToolBackend {
        let backend = ToolBackend(asksClients: true)
        backend.add(
            Tool(name: "ask", description: "Asks for a login") { _, context in
                guard let ask = context.askClient else { return .text("no stream to ask on") }
                let answer = try await ask("elicitation/create", ["message": "Your login?"])
                return .text("hello \(answer["content"]?["name"]?.stringValue ?? "?")")
            })
        return backend
    }

    static func initialize(_ client: some TestClientProtocol, capabilities: JSONValue) async throws -> String {
        let body = S.body([
            "jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": ["protocolVersion": "2025-11-25", "capabilities": capabilities, "clientInfo": ["name": "t"]],
        ])
        return try await client.execute(uri: "/mcp", method: .post, headers: S.jsonHeaders, body: body) { response in
            try #require(response.headers[L.sessionHeader])
        }
    }

    @Test("The question goes out on the call's stream; the POSTed answer finishes the call")
    func askAndAnswer() async throws {
        let (app, _) = S.application(backend: Self.backend())
        try await app.test(.live) { client in
            let session = try await Self.initialize(client, capabilities: ["elicitation": [:]])
            let headers = L.headers(session, version: "2025-11-25")
            let done = Atomic(false)
            let call = Task {
                defer { done.store(true, ordering: .relaxed) }
                return try await client.execute(
                    uri: "/mcp", method: .post, headers: headers, body: L.call("tools/call", ["name": "ask"])
                ) { response in
                    #expect(response.headers[.contentType] == "text/event-stream")
                    // The messages, without 2025-11-25's priming event (an id and empty data).
                    return try String(buffer: response.body).split(separator: "\n")
                        .filter { $0.hasPrefix("data: ") && $0.count > 6 }
                        .map { line in try StrictJSONParser().parse(Array(line.dropFirst(6).utf8)) }
                }
            }
            // The question's id is the session's first; answered (on a connection of its own, as a client would)
            // until the call is done: an answer nobody waits for yet is dropped.
            var answer = HTTPClientRequest(url: "http://127.0.0.1:\(client.port ?? 0)/mcp")
            answer.method = .POST
            for field in headers { answer.headers.add(name: field.name.rawName, value: field.value) }
            answer.body = .bytes(
                S.body([
                    "jsonrpc": "2.0", "id": "gatehouse-1",
                    "result": ["action": "accept", "content": ["name": "octocat"]],
                ]))
            for _ in 0..<100 {
                let response = try await HTTPClient.shared.execute(answer, timeout: .seconds(5))
                #expect(response.status == .accepted)
                try await Task.sleep(for: .milliseconds(20))
                if done.load(ordering: .relaxed) { break }
            }
            let events = try await call.value
            #expect(events.first?["method"] == "elicitation/create" && events.first?["id"] == "gatehouse-1")
            #expect(events.first?["params"]?["message"] == "Your login?")
            #expect(events.last?["result"]?["content"]?.arrayValue?.first?["text"] == "hello octocat")
        }
    }

    @Test("A client that declared nothing to be asked gets a JSON answer, and the handler has no one to ask")
    func undeclaredClientsAreNotAsked() async throws {
        let (app, _) = S.application(backend: Self.backend())
        try await app.test(.router) { client in
            let session = try await Self.initialize(client, capabilities: [:])
            try await client.execute(
                uri: "/mcp", method: .post, headers: L.headers(session, version: "2025-11-25"),
                body: L.call("tools/call", ["name": "ask"])
            ) { response in
                #expect(response.headers[.contentType] == "application/json")
                let text = try S.json(response)["result"]?["content"]?.arrayValue?.first?["text"]
                #expect(text == "no stream to ask on")
            }
        }
    }

    @Test("Unanswered questions time out; at most 16 wait; the session's end and the call's cancellation end them")
    func boundsAndEnds() async throws {
        let requests = ClientRequests(timeout: .milliseconds(100))
        let sent = Mutex<[String]>([])
        await #expect(throws: MCPError.self) {
            _ = try await requests.ask("roots/list", params: [:]) { body in sent.withLock { $0.append(body) } }
        }
        #expect(sent.withLock { $0.count } == 1)
        #expect(requests.answer(JSONRPCResponse(id: .string("gatehouse-1"), outcome: .success([:]))) == false)

        let patient = ClientRequests(timeout: .seconds(60))
        let waiting = (0..<16).map { _ in
            Task { () -> Int in
                do {
                    _ = try await patient.ask("roots/list", params: [:]) { _ in }
                    return 0
                } catch let error as MCPError {
                    return error.code
                } catch {
                    return 0
                }
            }
        }
        for _ in 0..<500 where patient.waitingCount < 16 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(patient.waitingCount == 16)
        do {
            _ = try await patient.ask("roots/list", params: [:]) { _ in }
            Issue.record("a 17th question was sent")
        } catch {
            #expect(error.message.contains("Too many"))
        }
        waiting[0].cancel()
        #expect(await waiting[0].value == -32800)
        patient.close()
        for task in waiting.dropFirst() { #expect(await task.value == -32603) }
        await #expect(throws: MCPError.self) { _ = try await patient.ask("roots/list", params: [:]) { _ in } }
    }
}
