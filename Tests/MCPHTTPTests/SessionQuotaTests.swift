import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPHTTP
import Testing

/// One caller's flood of `initialize` must not evict another user's sessions.
@Suite("Legacy sessions: per-principal quotas")
struct SessionQuotaTests {
    typealias S = HTTPTestSupport
    typealias L = LegacyTransportTests

    static func status(_ client: some TestClientProtocol, session: String, subject: String?) async throws
        -> HTTPResponse.Status
    {
        try await client.execute(
            uri: "/mcp", method: .post, headers: L.headers(session, subject: subject), body: L.call("ping")
        ) { $0.status }
    }

    @Test("a principal over its quota loses its own oldest session, never another user's")
    func floodByOnePrincipal() async throws {
        var configuration = StreamableHTTPConfiguration(endpointName: "test", maximumSessions: 8)
        configuration.maximumSessionsPerPrincipal = 3
        let (app, endpoint) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            let alice = try await L.initialize(client, subject: "alice")
            var mallory: [String] = []
            for _ in 0..<20 { mallory.append(try await L.initialize(client, subject: "mallory")) }
            #expect(try await Self.status(client, session: alice, subject: "alice") == .ok)
            #expect(try await Self.status(client, session: mallory[0], subject: "mallory") == .notFound)
            #expect(try await Self.status(client, session: mallory[19], subject: "mallory") == .ok)
            #expect(endpoint.sessionCount == 4)
        }
    }

    @Test("anonymous sessions share half the store and cannot push out authenticated users")
    func anonymousFlood() async throws {
        let configuration = StreamableHTTPConfiguration(endpointName: "test", maximumSessions: 6)
        let (app, endpoint) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            let alice = try await L.initialize(client, subject: "alice")
            let bob = try await L.initialize(client, subject: "bob")
            for _ in 0..<30 { _ = try await L.initialize(client) }
            #expect(try await Self.status(client, session: alice, subject: "alice") == .ok)
            #expect(try await Self.status(client, session: bob, subject: "bob") == .ok)
            #expect(endpoint.sessionCount == 5)
        }
    }

    @Test("when the whole store is full, the least recently used session of anyone goes")
    func globalLimitStillHolds() async throws {
        var configuration = StreamableHTTPConfiguration(endpointName: "test", maximumSessions: 3)
        configuration.maximumSessionsPerPrincipal = 3
        let (app, endpoint) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            let first = try await L.initialize(client, subject: "u1")
            _ = try await L.initialize(client, subject: "u2")
            _ = try await L.initialize(client, subject: "u3")
            _ = try await L.initialize(client, subject: "u4")
            #expect(endpoint.sessionCount == 3)
            #expect(try await Self.status(client, session: first, subject: "u1") == .notFound)
        }
    }

    @Test("a session opened anonymously and claimed by a user moves to the user's bucket: a flood cannot evict it")
    func claimedSessionLeavesTheAnonymousBucket() async throws {
        let configuration = StreamableHTTPConfiguration(endpointName: "test", maximumSessions: 20)
        let (app, _) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            let claimed = try await L.initialize(client)
            #expect(try await Self.status(client, session: claimed, subject: "alice") == .ok)
            for _ in 0..<50 { _ = try await L.initialize(client) }
            #expect(try await Self.status(client, session: claimed, subject: "alice") == .ok)
        }
    }

    @Test("anonymous initializes never evict a session created with a token, even past half the store")
    func anonymousNeverEvictsAuthenticated() async throws {
        let configuration = StreamableHTTPConfiguration(endpointName: "test", maximumSessions: 10)
        let (app, endpoint) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            var users: [(String, String)] = []
            for index in 0..<8 {
                let subject = "user\(index)"
                users.append((subject, try await L.initialize(client, subject: subject)))
            }
            var refused = 0
            for _ in 0..<30 {
                try await client.execute(uri: "/mcp", method: .post, headers: S.jsonHeaders, body: Self.initialize) {
                    response in
                    if response.status == .serviceUnavailable {
                        refused += 1
                        #expect(response.headers[.retryAfter] != nil)
                    }
                }
            }
            #expect(refused == 0, "two anonymous slots are free; anonymous sessions evict each other")
            for (subject, session) in users {
                #expect(try await Self.status(client, session: session, subject: subject) == .ok)
            }
            #expect(endpoint.sessionCount == 10)
            _ = try await L.initialize(client, subject: "user8")
            _ = try await L.initialize(client, subject: "user9")
            try await client.execute(uri: "/mcp", method: .post, headers: S.jsonHeaders, body: Self.initialize) {
                response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "30")
                #expect(response.headers[HTTPField.Name("Mcp-Session-Id")!] == nil)
                let code = try S.json(response)["error"]?["code"]
                #expect(code == -32603)
            }
            #expect(try await Self.status(client, session: users[0].1, subject: users[0].0) == .ok)
        }
    }

    static let initialize = HTTPTestSupport.body([
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]],
    ])
}
