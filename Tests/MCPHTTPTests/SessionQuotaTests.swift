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
}
