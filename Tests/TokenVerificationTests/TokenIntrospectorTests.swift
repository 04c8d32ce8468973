import Foundation
import GatehouseTesting
import NIOCore
import NIOHTTP1
import Testing
import TokenVerification

@Suite("RFC 7662 introspection: revoked tokens are refused; answers cached; fails closed", .serialized)
struct TokenIntrospectorTests {
    /// A verifier whose issuer requires introspection at a local server answering `active` as told.
    func withIntrospection(
        _ answer: @escaping @Sendable (String) -> LocalHTTPServer.Response,
        _ body: (AccessTokenVerifier, ManualWallClock, LocalHTTPServer) async throws -> Void
    ) async throws {
        let server = try await LocalHTTPServer(respond: answer)
        let clock = ManualWallClock(Fixtures.now)
        let introspector = TokenIntrospector(
            configuration: .init(
                endpoint: server.url("/introspect"), clientID: "rs", clientSecret: "s3cret", activeCacheSeconds: 30),
            clock: clock)
        let issuer = TrustedIssuer(
            policy: IssuerPolicy(issuer: Fixtures.issuerName), keys: StaticKeyProvider(try Fixtures.issuer.keySet()),
            introspector: introspector)
        let verifier = AccessTokenVerifier(
            registry: try IssuerRegistry([issuer]), cache: VerifiedTokenCache(), clock: clock)
        do {
            try await body(verifier, clock, server)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    static func answer(_ active: Bool) -> LocalHTTPServer.Response {
        .init(body: Array(#"{"active":\#(active)}"#.utf8))
    }

    @Test("an active token passes; a revoked one is 401 invalid_token with code revoked")
    func activeAndRevoked() async throws {
        let state = NIOLockedBox(true)
        try await withIntrospection({ _ in Self.answer(state.value) }) { verifier, clock, server in
            let token = try Fixtures.es256.sign(claims: Fixtures.claims())
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            state.value = false
            // Within the active-cache window the earlier answer stands…
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            #expect(server.requestCount == 1)
            // …after it, the revocation is seen.
            clock.advance(by: 31)
            let error = await Fixtures.rejection(token, verifier: verifier)
            #expect(error?.code == .revoked)
            #expect(error?.bearerError == .invalidToken)
            #expect(server.requestCount == 2)
        }
    }

    @Test("an unreachable, malformed, redirecting or encoded introspection answer fails closed (keys_unavailable, 503)")
    func failsClosed() async throws {
        for response in [
            LocalHTTPServer.Response(status: .internalServerError), .init(body: Array(#"{"active":"yes"}"#.utf8)),
            .init(body: Array("nope".utf8)),
            .init(status: .found, headers: [("Location", "/introspect")]),
            .init(headers: [("Content-Encoding", "gzip")], body: Array(#"{"active":true}"#.utf8)),
        ] {
            try await withIntrospection({ _ in response }) { verifier, _, _ in
                let token = try Fixtures.es256.sign(claims: Fixtures.claims())
                #expect(await Fixtures.rejection(token, verifier: verifier)?.code == .keysUnavailable)
            }
        }
    }

    @Test("expired or mis-addressed tokens are refused without asking the authorization server")
    func noNeedlessCalls() async throws {
        try await withIntrospection({ _ in Self.answer(true) }) { verifier, _, server in
            let expired = try Fixtures.es256.sign(claims: Fixtures.claims(issuedAt: Fixtures.now - 7200))
            #expect(await Fixtures.rejection(expired, verifier: verifier)?.code == .expired)
            let elsewhere = try Fixtures.es256.sign(claims: Fixtures.claims(audience: ["https://elsewhere.test"]))
            #expect(await Fixtures.rejection(elsewhere, verifier: verifier)?.code == .audienceMismatch)
            #expect(server.requestCount == 0)
        }
    }
}
