import Foundation
import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Testing

/// 2025-11-25 basic/transports, "Resumability and Redelivery": POST response streams of a session are recorded,
/// and a GET with `Last-Event-ID` resumes exactly the stream the id belongs to.
@Suite("Streamable HTTP: resuming a session's POST response streams with Last-Event-ID")
struct StreamResumptionTests {
    typealias S = HTTPTestSupport
    typealias L = LegacyTransportTests
    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    /// `count` to 3 with progress, answered as SSE; returns the event ids and data in order.
    static func countWithProgress(_ client: some TestClientProtocol, session: String, version: String) async throws
        -> [(id: String, data: String)]
    {
        var headers = L.headers(session, version: version)
        headers[.accept] = "text/event-stream, application/json"
        let body = L.call("tools/call", ["name": "count", "arguments": ["to": 3], "_meta": ["progressToken": "p"]])
        return try await client.execute(uri: "/mcp", method: .post, headers: headers, body: body) { response in
            #expect(response.headers[.contentType] == "text/event-stream")
            return Self.events(String(buffer: response.body))
        }
    }

    /// The `(id, data)` of every event of an SSE body.
    static func events(_ text: String) -> [(id: String, data: String)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            guard let id = lines.first(where: { $0.hasPrefix("id: ") }) else { return nil }
            let data = lines.filter { $0.hasPrefix("data:") }.map { $0.dropFirst(5).drop { $0 == " " } }
            return (String(id.dropFirst(4)), data.joined(separator: "\n"))
        }
    }

    @Test("2025-11-25: a priming event first, then progress and the response, all with session event ids")
    func primingAndIDs() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-11-25")
            let events = try await Self.countWithProgress(client, session: session, version: "2025-11-25")
            #expect(events.count == 5)
            #expect(events.first?.data == "")
            #expect(events.map(\.id) == (1...5).map { "\(session.prefix(8))-\($0)" })
            #expect(events.last?.data.contains("counted 3") == true)
        }
    }

    @Test("before 2025-11-25 there is no priming event")
    func noPrimingBefore20251125() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-06-18")
            let events = try await Self.countWithProgress(client, session: session, version: "2025-06-18")
            #expect(events.count == 4)
            #expect(events.allSatisfy { !$0.data.isEmpty })
        }
    }

    @Test("a GET after a POST stream's event replays the rest of that stream and ends with its response")
    func resumesThePOSTStream() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-11-25")
            let original = try await Self.countWithProgress(client, session: session, version: "2025-11-25")
            for cut in [0, 2] {
                var headers = L.headers(session, version: "2025-11-25")
                headers[.accept] = "text/event-stream"
                headers[Self.lastEventID] = original[cut].id
                try await client.execute(uri: "/mcp", method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    let replayed = Self.events(String(buffer: response.body))
                    #expect(replayed.map(\.id) == original[(cut + 1)...].map(\.id))
                    #expect(replayed.last?.data.contains("counted 3") == true)
                }
            }
        }
    }

    @Test("a GET that resumes a stream still running carries its later events live and ends with the response")
    func resumesALiveStream() async throws {
        let backend = S.backend()
        let (gate, open) = AsyncStream<Void>.makeStream()
        backend.add(
            Tool(name: "gated", description: "progress, then waits for the test") { _, context in
                await context.reportProgress(1, total: 2)
                for await _ in gate { break }
                await context.reportProgress(2, total: 2)
                return .text("gate passed")
            })
        let (app, _) = S.application(backend: backend)
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-11-25")
            var post = L.headers(session, version: "2025-11-25")
            post[.accept] = "text/event-stream, application/json"
            let call = L.call("tools/call", ["name": "gated", "arguments": [:], "_meta": ["progressToken": "g"]])
            let original = Task {
                try await client.execute(uri: "/mcp", method: .post, headers: post, body: call) { response in
                    Self.events(String(buffer: response.body))
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            let opener = Task {
                try await Task.sleep(for: .milliseconds(200))
                open.yield()
            }
            var get = L.headers(session, version: "2025-11-25")
            get[.accept] = "text/event-stream"
            get[Self.lastEventID] = "\(session.prefix(8))-1"  // the priming event
            let resumed = try await client.execute(uri: "/mcp", method: .get, headers: get) { response in
                Self.events(String(buffer: response.body))
            }
            try await opener.value
            let all = try await original.value
            #expect(resumed.map(\.id) == all[1...].map(\.id))
            #expect(resumed.count == 3)
            #expect(resumed.last?.data.contains("gate passed") == true)
        }
    }

    @Test("resumption never crosses streams: list changes stay on the GET stream, other POST streams stay apart")
    func streamsStayApart() async throws {
        let backend = S.backend()
        let (app, _) = S.application(backend: backend)
        try await app.test(.router) { client in
            let session = try await L.initialize(client, version: "2025-11-25")
            let first = try await Self.countWithProgress(client, session: session, version: "2025-11-25")
            backend.add(Tool(name: "late", description: "x") { _, _ in .text("") })
            let second = try await Self.countWithProgress(client, session: session, version: "2025-11-25")
            var headers = L.headers(session, version: "2025-11-25")
            headers[.accept] = "text/event-stream"
            headers[Self.lastEventID] = first[0].id
            try await client.execute(uri: "/mcp", method: .get, headers: headers) { response in
                let replayed = Self.events(String(buffer: response.body))
                #expect(replayed.map(\.id) == first[1...].map(\.id))
                #expect(!replayed.contains { $0.data.contains("list_changed") })
                #expect(!replayed.contains { event in second.contains { $0.id == event.id } })
            }
        }
    }
}
