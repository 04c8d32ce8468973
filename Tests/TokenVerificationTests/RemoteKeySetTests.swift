import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Crypto
import GatehouseTesting
import Testing
import TokenVerification

@Suite("RemoteKeySet: JWKS fetching, caching, rotation and failure (RFC 7517 §5)", .serialized)
struct RemoteKeySetTests {
    static func jwks(_ signers: [TokenSigner]) -> [UInt8] {
        Array(JSONWriter.serialize(["keys": .array(signers.map { .object($0.publicJWK) })]).utf8)
    }

    static let first = TokenSigner(key: .p256(P256.Signing.PrivateKey()), keyID: "k1")
    static let second = TokenSigner(key: .p256(P256.Signing.PrivateKey()), keyID: "k2")

    /// Runs `body` with a server, a fetcher and a remote key set whose clock the test controls.
    func withRemote(
        configuration: RemoteKeySet.Configuration = RemoteKeySet.Configuration(),
        timeout: Duration = .seconds(5),
        respond: @escaping @Sendable (String) -> LocalHTTPServer.Response,
        _ body: (LocalHTTPServer, RemoteKeySet, ManualWallClock, AccessTokenVerifier) async throws -> Void
    ) async throws {
        let server = try await LocalHTTPServer(respond: respond)
        let fetcher = HTTPKeySetFetcher(timeout: timeout)
        let clock = ManualWallClock(Fixtures.now)
        let remote = RemoteKeySet(
            source: .keySetURL(server.url()), fetcher: fetcher, configuration: configuration, clock: clock)
        let verifier = Fixtures.verifier(keys: remote, clock: clock)
        do {
            try await body(server, remote, clock, verifier)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test("fetches on first use, then serves from memory")
    func fetchesOnce() async throws {
        try await withRemote(respond: { _ in .init(body: Self.jwks([Self.first])) }) { server, _, _, verifier in
            for _ in 0..<5 {
                let token = try Self.first.sign(claims: Fixtures.claims())
                #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            }
            #expect(server.requestCount == 1)
        }
    }

    @Test("an unknown-kid storm causes one fetch (single-flight and cooldown)")
    func unknownKidStorm() async throws {
        try await withRemote(respond: { _ in .init(body: Self.jwks([Self.first])) }) {
            server, remote, clock, verifier in
            await remote.refresh()
            clock.advance(by: 31)  // past the cooldown that follows the initial load
            let attacker = TokenSigner(key: .p256(P256.Signing.PrivateKey()), keyID: nil)
            let results = await withTaskGroup(of: TokenVerificationError.Code?.self) { group in
                for index in 0..<50 {
                    let token = try! attacker.sign(
                        claims: Fixtures.claims(), header: ["kid": .string("random-\(index)")])
                    group.addTask { await Fixtures.rejection(token, verifier: verifier)?.code }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0 == .unknownKey })
            #expect(server.requestCount == 2)  // the initial load, then one refetch for all the unknown kids
            // Within the cooldown, more unknown kids cause no fetch at all.
            let again = try attacker.sign(claims: Fixtures.claims(), header: ["kid": "random-again"])
            #expect(await Fixtures.rejection(again, verifier: verifier)?.code == .unknownKey)
            #expect(server.requestCount == 2)
        }
    }

    @Test("rotation: a new kid is fetched after the cooldown; a removed key stops verifying")
    func rotation() async throws {
        let published = NIOLockedBox([Self.first])
        try await withRemote(respond: { _ in .init(body: Self.jwks(published.value)) }) {
            server, remote, clock, verifier in
            let old = try Self.first.sign(claims: Fixtures.claims())
            #expect(await Fixtures.rejection(old, verifier: verifier) == nil)
            published.value = [Self.second]
            clock.advance(by: 31)
            let new = try Self.second.sign(claims: Fixtures.claims())
            #expect(await Fixtures.rejection(new, verifier: verifier) == nil)
            #expect(await Fixtures.rejection(old, verifier: verifier)?.code == .unknownKey)
            #expect(server.requestCount == 2)
            #expect(remote.status.keySet.keys.map(\.keyID) == ["k2"])
        }
    }

    @Test("stale-if-error: keys keep verifying while the endpoint is down, until the stale limit")
    func staleIfError() async throws {
        let up = NIOLockedBox(true)
        let configuration = RemoteKeySet.Configuration(defaultCacheLifetime: 300, maximumStaleness: 3600)
        try await withRemote(
            configuration: configuration,
            respond: { _ in
                up.value ? .init(body: Self.jwks([Self.first])) : .init(status: .serviceUnavailable)
            }
        ) { _, remote, clock, verifier in
            let token = try Self.first.sign(claims: Fixtures.claims(lifetime: 100_000))
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            up.value = false
            clock.advance(by: 600)  // expired; the background refresh fails
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            await remote.refresh()
            #expect(remote.status.lastFailure?.contains("503") == true)
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            clock.advance(by: 3600)  // beyond the stale allowance
            #expect(await Fixtures.rejection(token, verifier: verifier)?.code == .keysUnavailable)
        }
    }

    @Test("Cache-Control max-age sets the lifetime, within bounds")
    func cacheControl() async throws {
        try await withRemote(respond: { _ in
            .init(headers: [("Cache-Control", "public, max-age=120")], body: Self.jwks([Self.first]))
        }) { _, remote, _, _ in
            await remote.refresh()
            #expect(remote.status.expiresAt - remote.status.fetchedAt! == 120)
        }
        try await withRemote(respond: { _ in
            .init(headers: [("Cache-Control", "max-age=5")], body: Self.jwks([Self.first]))
        }) { _, remote, _, _ in
            await remote.refresh()
            #expect(remote.status.expiresAt - remote.status.fetchedAt! == 60)  // the lower bound
        }
        try await withRemote(respond: { _ in
            .init(headers: [("Cache-Control", "no-cache, max-age=86400")], body: Self.jwks([Self.first]))
        }) { _, remote, _, _ in
            await remote.refresh()
            #expect(remote.status.expiresAt - remote.status.fetchedAt! == 60)  // no-cache: the shortest allowed
        }
    }

    @Test("oversized, malformed and non-200 answers are clear errors and keep nothing bad")
    func hostileAnswers() async throws {
        let cases: [(LocalHTTPServer.Response, String)] = [
            (.init(body: [UInt8](repeating: 0x20, count: 300_000)), "more than the limit"),
            (.init(body: Array("not json".utf8)), "not a valid JSON object"),
            (.init(body: Array(#"{"keys":{}}"#.utf8)), "no \"keys\" array"),
            (.init(status: .notFound), "HTTP 404"),
            (.init(body: Self.jwks(Array(repeating: Self.first, count: 65))), "more than the limit of 64"),
            (.init(status: .found, headers: [("Location", "http://127.0.0.1:1/elsewhere")]), "HTTP 302"),
        ]
        for (response, message) in cases {
            try await withRemote(respond: { _ in response }) { _, remote, _, verifier in
                let token = try Self.first.sign(claims: Fixtures.claims())
                #expect(await Fixtures.rejection(token, verifier: verifier)?.code == .keysUnavailable)
                #expect(remote.status.lastFailure?.contains(message) == true, "\(remote.status.lastFailure ?? "nil")")
            }
        }
    }

    @Test("a malformed key is skipped, the others still verify")
    func skipsBadKeys() async throws {
        var set = Self.jwks([Self.first])
        set = Array(
            String(decoding: set, as: UTF8.self).replacingOccurrences(
                of: "{\"keys\":[", with: "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
            ).utf8)
        try await withRemote(respond: { [set] _ in .init(body: set) }) { _, remote, _, verifier in
            let token = try Self.first.sign(claims: Fixtures.claims())
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
            #expect(remote.status.keySet.keys.count == 1)
        }
    }

    @Test("a slow endpoint times out")
    func timeout() async throws {
        try await withRemote(
            timeout: .milliseconds(300),
            respond: { _ in
                .init(body: Self.jwks([Self.first]), delay: .seconds(3))
            }
        ) { _, remote, _, _ in
            await remote.refresh()
            #expect(remote.status.lastFailure != nil)
            #expect(!remote.hasKeys)
        }
    }

    @Test("metadata discovery: jwks_uri is used only if the metadata names the expected issuer")
    func discovery() async throws {
        let server = try await LocalHTTPServer(respond: { _ in .init() })
        let base = "http://127.0.0.1:\(server.port)"
        server.respond { path in
            switch path {
            case "/good":
                return .init(body: Array(#"{"issuer":"https://issuer.test","jwks_uri":"\#(base)/jwks"}"#.utf8))
            case "/evil": return .init(body: Array(#"{"issuer":"https://evil.test","jwks_uri":"\#(base)/jwks"}"#.utf8))
            default: return .init(body: Self.jwks([Self.first]))
            }
        }
        let fetcher = HTTPKeySetFetcher()
        let good = RemoteKeySet(
            source: .metadataURL(base + "/good", expectedIssuer: "https://issuer.test"), fetcher: fetcher)
        await good.refresh()
        #expect(good.hasKeys)
        let evil = RemoteKeySet(
            source: .metadataURL(base + "/evil", expectedIssuer: "https://issuer.test"), fetcher: fetcher)
        await evil.refresh()
        #expect(!evil.hasKeys)
        #expect(evil.status.lastFailure?.contains("different issuer") == true)
        try await server.stop()
    }

    @Test("redirects are never followed and compressed bodies never read, with the default or an injected client")
    func noRedirectsNoDecompression() async throws {
        let server = try await LocalHTTPServer { path in
            switch path {
            case "/moved": return .init(status: .found, headers: [("Location", "/jwks")])
            case "/gzip":
                return .init(
                    headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                    body: [0x1f, 0x8b, 0x08, 0x00])
            default: return .init(body: Self.jwks([Self.first]))
            }
        }
        let fetcher = HTTPKeySetFetcher()
        await #expect(throws: KeySetFetchError.self) {
            try await fetcher.fetch(server.url("/moved"), maximumBytes: 10_000)
        }
        await #expect(throws: KeySetFetchError.self) {
            try await fetcher.fetch(server.url("/gzip"), maximumBytes: 10_000)
        }
        #expect(server.requestCount == 2)  // the redirect's target was never asked for
        // A client that follows redirects and decompresses (HTTPClient.shared's settings) is refused the same way.
        let following = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .singletonConfiguration)
        let injected = HTTPKeySetFetcher(httpClient: following)
        await #expect(throws: KeySetFetchError.self) {
            try await injected.fetch(server.url("/moved"), maximumBytes: 10_000)
        }
        await #expect(throws: KeySetFetchError.self) {
            try await injected.fetch(server.url("/gzip"), maximumBytes: 10_000)
        }
        try await following.shutdown()
        try await server.stop()
    }

    @Test("plain http is refused except to loopback")
    func schemePolicy() async throws {
        let fetcher = HTTPKeySetFetcher()
        await #expect(throws: KeySetFetchError.self) {
            try await fetcher.fetch("http://example.com/jwks", maximumBytes: 100)
        }
        await #expect(throws: KeySetFetchError.self) {
            try await fetcher.fetch("ftp://127.0.0.1/jwks", maximumBytes: 100)
        }
    }
}

/// A lock-protected box for test state shared with server callbacks.
final class NIOLockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLockLike()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

import Foundation
typealias NSLockLike = NSLock

@Suite("RemoteKeySetRefreshService: refreshes sets that are due, and only those")
struct RemoteKeySetRefreshServiceTests {
    @Test("refreshDue fetches unloaded and expiring sets, not fresh ones")
    func refreshDue() async throws {
        let server = try await LocalHTTPServer(respond: { _ in
            .init(headers: [("Cache-Control", "max-age=600")], body: RemoteKeySetTests.jwks([RemoteKeySetTests.first]))
        })
        let fetcher = HTTPKeySetFetcher()
        let clock = ManualWallClock(Fixtures.now)
        let remote = RemoteKeySet(source: .keySetURL(server.url()), fetcher: fetcher, clock: clock)
        let service = RemoteKeySetRefreshService(keySets: [remote], clock: clock)
        await service.refreshDue()
        #expect(server.requestCount == 1 && remote.hasKeys)
        await service.refreshDue()
        #expect(server.requestCount == 1)  // fresh: nothing to do
        clock.advance(by: 600 - 59)  // within 10 % (max 5 min) of expiry
        await service.refreshDue()
        #expect(server.requestCount == 2)
        try await server.stop()
    }
}
