import Crypto
import GatehouseTesting
import Synchronization
import Testing
import TokenVerification

/// A key provider whose key set the test can change, counting signature lookups.
final class MutableKeyProvider: KeyProvider {
    private let state: Mutex<(KeySet, Int)>
    init(_ keySet: KeySet) { state = Mutex((keySet, 0)) }
    func set(_ keySet: KeySet) { state.withLock { $0.0 = keySet } }
    var lookups: Int { state.withLock { $0.1 } }
    func candidates(keyID: String?, algorithm: SignatureAlgorithm) throws(TokenVerificationError) -> [VerificationKey] {
        let keys = state.withLock { state in
            state.1 += 1
            return state.0.candidates(keyID: keyID, algorithm: algorithm)
        }
        guard !keys.isEmpty else { throw TokenVerificationError(.unknownKey, "no key") }
        return keys
    }
    func isPublished(thumbprint: String) -> Bool { state.withLock { $0.0.thumbprints.contains(thumbprint) } }
    var hasKeys: Bool { true }
}

@Suite("VerifiedTokenCache: saves the signature check, never a time, audience or scope check")
struct VerifiedTokenCacheTests {
    let keys = MutableKeyProvider(try! Fixtures.issuer.keySet())

    func verifier(clock: ManualWallClock, cache: VerifiedTokenCache = VerifiedTokenCache()) -> AccessTokenVerifier {
        Fixtures.verifier(keys: keys, clock: clock, cache: cache)
    }

    @Test("a repeated token is answered from the cache")
    func hit() async throws {
        let clock = ManualWallClock(Fixtures.now)
        let verifier = verifier(clock: clock)
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let first = try await verifier.verification(of: Substring(token), resource: Fixtures.resource)
        let second = try await verifier.verification(of: Substring(token), resource: Fixtures.resource)
        #expect(!first.cacheHit && second.cacheHit)
        #expect(keys.lookups == 1)
    }

    @Test("exp is re-checked on every hit")
    func expiryOnHit() async throws {
        let clock = ManualWallClock(Fixtures.now)
        let cache = VerifiedTokenCache(configuration: .init(timeToLive: 100_000))
        let verifier = verifier(clock: clock, cache: cache)
        let token = try Fixtures.es256.sign(claims: Fixtures.claims(lifetime: 600))
        #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
        clock.advance(by: 589 + 60)
        #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
        clock.advance(by: 2)
        #expect(await Fixtures.rejection(token, verifier: verifier)?.code == .expired)
    }

    @Test("audience and scopes are re-checked on every hit")
    func audienceAndScopesOnHit() async throws {
        let verifier = verifier(clock: ManualWallClock(Fixtures.now))
        let token = try Fixtures.es256.sign(claims: Fixtures.claims(scopes: ["notes.read"]))
        #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
        #expect(
            await Fixtures.rejection(
                token, verifier: verifier, resource: ResourceIdentifier("https://mcp.test/mcp/openai")!)?.code
                == .audienceMismatch)
        #expect(
            await Fixtures.rejection(token, verifier: verifier, scopes: ["notes.write"])?.code == .insufficientScope)
    }

    @Test("an entry dies with its key: removing the key from the set refuses the cached token")
    func keyRemoval() async throws {
        let verifier = verifier(clock: ManualWallClock(Fixtures.now))
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
        keys.set(KeySet(try Fixtures.issuer.keySet().keys.filter { $0.keyID != "dev-es256" }))
        #expect(await Fixtures.rejection(token, verifier: verifier)?.code == .unknownKey)
    }

    @Test("the cache is bounded by entry count")
    func bounded() async throws {
        let cache = VerifiedTokenCache(configuration: .init(maximumEntries: 64))
        let verifier = verifier(clock: ManualWallClock(Fixtures.now), cache: cache)
        for index in 0..<500 {
            let token = try Fixtures.edDSA.sign(claims: Fixtures.claims(extra: ["jti": .string("t\(index)")]))
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
        }
        #expect(cache.statistics.entries <= 64)
        #expect(cache.statistics.evictions >= 436)
    }

    @Test("the cache is bounded by approximate memory")
    func boundedByMemory() async throws {
        // ≈ 2 KB per ES256 entry; 8 shards of 4 KB each hold at most 16 entries in all.
        let cache = VerifiedTokenCache(configuration: .init(maximumEntries: 10_000, maximumBytes: 8 * 4096))
        let verifier = verifier(clock: ManualWallClock(Fixtures.now), cache: cache)
        for index in 0..<200 {
            let token = try Fixtures.es256.sign(claims: Fixtures.claims(extra: ["jti": .string("m\(index)")]))
            #expect(await Fixtures.rejection(token, verifier: verifier) == nil)
        }
        #expect(cache.statistics.entries > 0)
        #expect(cache.statistics.entries <= 16)
    }

    @Test("failures are never cached")
    func failuresNotCached() async throws {
        let cache = VerifiedTokenCache()
        let verifier = verifier(clock: ManualWallClock(Fixtures.now), cache: cache)
        let token = try Fixtures.es256.sign(claims: Fixtures.claims(audience: ["https://elsewhere.test"]))
        #expect(await Fixtures.rejection(token, verifier: verifier)?.code == .audienceMismatch)
        #expect(cache.statistics.entries == 0)
    }
}
