import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Testing

/// 2026-07-28 `subscriptions/listen` (SEP-2575): the response is the notification stream.
@Suite("Streamable HTTP, 2026-07-28: subscriptions/listen")
struct SubscriptionsListenTests {
    typealias S = HTTPTestSupport

    static func listenHeaders(accept: String = "application/json, text/event-stream") -> HTTPFields {
        var headers = S.modernHeaders(method: "subscriptions/listen")
        headers[.accept] = accept
        return headers
    }

    static func listenBody(_ filter: JSONValue, id: JSONValue = "listen-1") -> ByteBuffer {
        S.modernBody("subscriptions/listen", id: id, params: ["notifications": filter])
    }

    @Test(
        "acknowledges the honored subset, delivers only requested kinds tagged with the subscription id, ends gracefully"
    )
    func streamLifecycle() async throws {
        let backend = S.backend()
        let (app, endpoint) = S.application(backend: backend)
        try await app.test(.router) { client in
            let changer = Task {
                try await Task.sleep(for: .milliseconds(150))
                backend.add(Prompt(name: "unrequested") { _, _ in [] })
                backend.add(Tool(name: "added", description: "x") { _, _ in .text("") })
                try await Task.sleep(for: .milliseconds(150))
                endpoint.closeStreams()
            }
            let filter: JSONValue = [
                "toolsListChanged": true, "promptsListChanged": false, "resourceSubscriptions": ["x://y"],
            ]
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.listenHeaders(), body: Self.listenBody(filter)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let frames = try S.events(response)
                #expect(frames.count == 3)
                #expect(frames[0]["method"] == "notifications/subscriptions/acknowledged")
                #expect(frames[0]["params"]?["notifications"] == ["toolsListChanged": true])
                #expect(frames[1]["method"] == "notifications/tools/list_changed")
                #expect(frames[1]["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == "listen-1")
                #expect(frames[2]["id"] == "listen-1")
                #expect(frames[2]["result"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == "listen-1")
                #expect(!frames.contains { $0["method"] == "notifications/prompts/list_changed" })
            }
            try await changer.value
        }
    }

    @Test("refuses a client that cannot take a stream, a missing filter, and streams beyond the limit")
    func refusals() async throws {
        var configuration = StreamableHTTPConfiguration(endpointName: "test")
        configuration.maximumSubscriptions = 1
        let (app, endpoint) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.listenHeaders(accept: "application/json"),
                body: Self.listenBody(["toolsListChanged": true])
            ) { response in
                #expect(response.status == .notAcceptable)
            }
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.listenHeaders(),
                body: S.modernBody("subscriptions/listen", id: 2)
            ) { response in
                let body = try S.json(response)
                #expect(body["error"]?["code"]?.intValue == -32602)
            }
            let first = Task {
                try await client.execute(
                    uri: "/mcp", method: .post, headers: Self.listenHeaders(),
                    body: Self.listenBody(["toolsListChanged": true], id: 3)
                ) { response in try S.events(response).count }
            }
            try await Task.sleep(for: .milliseconds(150))
            try await client.execute(
                uri: "/mcp", method: .post, headers: Self.listenHeaders(),
                body: Self.listenBody(["toolsListChanged": true], id: 4)
            ) { response in
                let body = try S.json(response)
                #expect(body["error"]?["code"]?.intValue == -32603)
            }
            endpoint.closeStreams()
            #expect(try await first.value == 2)
        }
    }

    @Test("server/discover advertises listChanged where listen streams are served")
    func discoverAdvertisesListChanged() async throws {
        let (app, _) = S.application()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: S.modernHeaders(method: "server/discover"),
                body: S.modernBody("server/discover")
            ) { response in
                let body = try S.json(response)
                #expect(body["result"]?["capabilities"]?["tools"]?["listChanged"] == true)
            }
        }
    }
}
