import Benchmark
import Crypto
import CryptoExtras
import Foundation
import GatehouseTesting
import JWTKit
import OpenSSLCandidate
import TokenVerification

/// Verification benchmarks: Gatehouse's verifier (uncached and cached), and the three crypto backends compared in
/// docs/decisions/0001-crypto-backend.md (swift-crypto, the system OpenSSL, jwt-kit) on the same tokens.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 100,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let setup = BenchmarkSetup.shared
    for (name, kid) in [("RS256", "dev-rs256"), ("ES256", "dev-es256"), ("EdDSA", "dev-eddsa")] {
        let token = setup.tokens[kid]!
        Benchmark("Gatehouse verify \(name) uncached") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await setup.uncached.verify(token: token, resource: setup.resource))
            }
        }
        Benchmark("Gatehouse signature only \(name) (swift-crypto)") { benchmark in
            let jws = try CompactJWS(token)
            let algorithm = SignatureAlgorithm(name: jws.header.algorithmName)!
            let key = setup.keySet.candidates(keyID: kid, algorithm: algorithm)[0]
            for _ in benchmark.scaledIterations {
                blackHole(key.isValidSignature(jws.signature, for: jws.signingInput, algorithm: algorithm))
            }
        }
        Benchmark("OpenSSL EVP signature only \(name)") { benchmark in
            let jws = try CompactJWS(token)
            let verifier = setup.openSSL[kid]!
            let input = Array(jws.signingInput)
            for _ in benchmark.scaledIterations {
                blackHole(verifier.verify(signature: jws.signature, input: input))
            }
        }
        Benchmark("jwt-kit verify \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await setup.jwtKit.verify(token, as: JWTKitPayload.self))
            }
        }
    }
    let parts = setup.tokens["dev-rs256"]!
    Benchmark("Component: CompactJWS parse + claims (RS256 token)") { benchmark in
        for _ in benchmark.scaledIterations {
            let jws = try CompactJWS(parts)
            blackHole(try jws.claims())
        }
    }
    Benchmark("Component: claims extraction and checks") { benchmark in
        let jws = try CompactJWS(parts)
        let claims = try jws.claims()
        let policy = setup.uncached.registry["https://issuer.test"]!.policy
        for _ in benchmark.scaledIterations {
            let token = try ClaimChecks.extract(
                claims, policy: policy, algorithm: .rs256, keyID: "k", keyThumbprint: "t")
            blackHole(try ClaimChecks.checkAudience(token, resource: setup.resource, policy: policy.audiencePolicy))
        }
    }
    Benchmark("Component: ResourceIdentifier parse") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ResourceIdentifier("https://mcp.test/mcp/claude"))
        }
    }
    Benchmark("Gatehouse verify ES256 cached") { benchmark in
        let token = setup.tokens["dev-es256"]!
        _ = try await setup.cached.verify(token: token, resource: setup.resource)
        for _ in benchmark.scaledIterations {
            blackHole(try await setup.cached.verify(token: token, resource: setup.resource))
        }
    }
    Benchmark("Gatehouse reject expired ES256") { benchmark in
        let token = setup.expired
        for _ in benchmark.scaledIterations {
            blackHole(try? await setup.uncached.verify(token: token, resource: setup.resource))
        }
    }
}

/// The payload jwt-kit decodes: the same checks it can express (expiry only; it has no audience canonicalization).
struct JWTKitPayload: JWTPayload {
    var exp: ExpirationClaim
    var aud: AudienceClaim
    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try aud.verifyIntendedAudience(includes: "https://mcp.test/mcp/claude")
    }
}

final class BenchmarkSetup: Sendable {
    static let shared = BenchmarkSetup()

    let resource = ResourceIdentifier("https://mcp.test/mcp/claude")!
    let keySet: KeySet
    let tokens: [String: String]
    let expired: String
    let uncached: AccessTokenVerifier
    let cached: AccessTokenVerifier
    let openSSL: [String: OpenSSLSignatureVerifier]
    let jwtKit: JWTKeyCollection

    init() {
        let keysDirectory = ProcessInfo.processInfo.environment["GATEHOUSE_KEYS"] ?? "../Keys"
        let issuer = try! DevelopmentIssuer(directory: keysDirectory, issuer: "https://issuer.test")
        keySet = try! issuer.keySet()
        let now = SystemWallClock().now()
        var tokens: [String: String] = [:]
        var openSSL: [String: OpenSSLSignatureVerifier] = [:]
        for signer in issuer.signers {
            let claims = AccessTokenClaims(
                issuer: issuer.issuer, audience: ["https://mcp.test/mcp/claude"], scopes: ["notes.read"], now: now,
                lifetime: 86_400)
            // typ JWT so that jwt-kit, which predates RFC 9068 typing, reads the same tokens.
            tokens[signer.keyID!] = try! signer.sign(claims: claims.json, header: ["typ": "JWT"])
            let pem: String
            let scheme: OpenSSLSignatureVerifier.Scheme
            switch signer.key {
            case .rsa(let key): pem = key.publicKey.pemRepresentation; scheme = .rsaPKCS1SHA256
            case .p256(let key): pem = key.publicKey.pemRepresentation; scheme = .ecdsaP256SHA256
            case .ed25519(let key):
                let spki: [UInt8] =
                    [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
                    + Array(key.publicKey.rawRepresentation)
                pem = "-----BEGIN PUBLIC KEY-----\n\(Data(spki).base64EncodedString())\n-----END PUBLIC KEY-----\n"
                scheme = .ed25519
            default: continue
            }
            openSSL[signer.keyID!] = OpenSSLSignatureVerifier(pem: pem, scheme: scheme)!
        }
        self.tokens = tokens
        self.openSSL = openSSL
        let old = AccessTokenClaims(
            issuer: issuer.issuer, audience: ["https://mcp.test/mcp/claude"], now: now - 7200, lifetime: 600)
        expired = try! issuer.signer(keyID: "dev-es256")!.sign(claims: old.json, header: ["typ": "JWT"])
        let policy = IssuerPolicy(issuer: issuer.issuer, typePolicy: .accessTokenOrJWT)
        let registry = try! IssuerRegistry([TrustedIssuer(policy: policy, keys: StaticKeyProvider(keySet))])
        uncached = AccessTokenVerifier(registry: registry, cache: nil)
        cached = AccessTokenVerifier(registry: registry, cache: VerifiedTokenCache())
        let collection = JWTKeyCollection()
        let jwks = JSONWriter.serialize(issuer.jwks)
        let semaphore = DispatchSemaphore(value: 0)
        Task {
            _ = try! await collection.add(jwksJSON: jwks)
            semaphore.signal()
        }
        semaphore.wait()
        jwtKit = collection
    }
}
