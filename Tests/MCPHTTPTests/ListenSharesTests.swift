import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
@testable import MCPHTTP
import Testing

/// `subscriptions/listen` slots are shared fairly (docs/security.md, "Streams"): anonymous callers together hold at
/// most half, one principal at most `maximumSubscriptionsPerPrincipal`, and every stream ends after its lifetime.
@Suite("subscriptions/listen: shares per principal, anonymous half, lifetime")
struct ListenSharesTests {
    typealias S = HTTPTestSupport
    typealias T = SubscriptionsListenTests

    static func headers(subject: String?) -> HTTPFields {
        var headers = T.listenHeaders()
        if let subject { headers[HTTPField.Name("X-Test-Subject")!] = subject }
        return headers
    }

    /// Opens a stream in the background; its value is the number of frames it received.
    static func open(_ client: some TestClientProtocol, id: Int, subject: String?) -> Task<Int, any Error> {
        Task {
            try await client.execute(
                uri: "/mcp", method: .post, headers: headers(subject: subject),
                body: T.listenBody(["toolsListChanged": true], id: .number(String(id)))
            ) { response in try S.events(response).count }
        }
    }

    /// The error message of a listen request that is refused at once (HTTP 200 carrying JSON-RPC -32603 for its id).
    static func refusal(_ client: some TestClientProtocol, id: Int, subject: String?) async throws -> String? {
        try await client.execute(
            uri: "/mcp", method: .post, headers: headers(subject: subject),
            body: T.listenBody(["toolsListChanged": true], id: .number(String(id)))
        ) { response in
            #expect(response.status == .ok)
            let body = try S.json(response)
            #expect(body["error"]?["code"] == -32603)
            #expect(body["id"] == .number(String(id)))
            return body["error"]?["message"]?.stringValue
        }
    }

    @Test("an anonymous flood takes at most half the slots; a signed-in user still listens; per-principal cap")
    func shares() async throws {
        var configuration = StreamableHTTPConfiguration(endpointName: "test")
        configuration.maximumSubscriptions = 6
        configuration.maximumSubscriptionsPerPrincipal = 2
        let (app, endpoint) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            let anonymous = (1...3).map { Self.open(client, id: $0, subject: nil) }
            try await Task.sleep(for: .milliseconds(200))
            for id in 10..<20 {
                let message = try await Self.refusal(client, id: id, subject: nil)
                #expect(message?.contains("subscription limit is reached") == true)
            }
            let alice = (30...31).map { Self.open(client, id: $0, subject: "alice") }
            try await Task.sleep(for: .milliseconds(200))
            let third = try await Self.refusal(client, id: 32, subject: "alice")
            #expect(third?.contains("already has 2 open subscriptions") == true)
            let bob = Self.open(client, id: 40, subject: "bob")
            try await Task.sleep(for: .milliseconds(200))
            endpoint.closeStreams()
            for stream in anonymous + alice + [bob] { #expect(try await stream.value == 2) }
        }
    }

    @Test("a slot whose response body never runs (the client left first) is released with its lease")
    func leaseReleasesTheSlot() async throws {
        let registry = ListenerRegistry(maximum: 2, maximumPerPrincipal: 1)
        guard case .success(let registered) = registry.register([], bucket: "alice") else {
            Issue.record("no slot")
            return
        }
        var lease: ListenerRegistry.Lease? = ListenerRegistry.Lease(
            registry: registry, id: registered.id, lifetime: 3600)
        #expect(registry.count == 1)
        #expect(lease != nil)
        lease = nil
        #expect(registry.count == 0)
        guard case .success = registry.register([], bucket: "alice") else {
            Issue.record("the principal's slot was not given back")
            return
        }
    }

    @Test("a stream ends gracefully with its final result when its lifetime is over")
    func lifetime() async throws {
        var configuration = StreamableHTTPConfiguration(endpointName: "test")
        configuration.subscriptionLifetime = 0.3
        let (app, _) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/mcp", method: .post, headers: T.listenHeaders(), body: T.listenBody(["toolsListChanged": true])
            ) { response in
                let frames = try S.events(response)
                #expect(frames.count == 2)
                #expect(frames.last?["result"]?["resultType"] == "complete")
            }
        }
    }
}
