import Crypto
import Foundation
import GatehouseTesting
import TokenVerification

/// Shared test fixtures: the repository's development keys, a pinned clock and a verifier factory.
enum Fixtures {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let issuerName = "https://issuer.test"
    static let resourceURI = "https://mcp.test/mcp/claude"
    static let resource = ResourceIdentifier(resourceURI)!
    static let now: Double = 1_800_000_000

    static let issuer: DevelopmentIssuer = try! DevelopmentIssuer(
        directory: repositoryRoot + "/Keys", issuer: issuerName)
    static var es256: TokenSigner { issuer.signer(keyID: "dev-es256")! }
    static var rs256: TokenSigner { issuer.signer(keyID: "dev-rs256")! }
    static var edDSA: TokenSigner { issuer.signer(keyID: "dev-eddsa")! }

    static func vector(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/TokenVerificationTests/Vectors/" + path))
    }

    /// Standard valid claims for `resourceURI`.
    static func claims(
        scopes: [String] = ["notes.read"],
        audience: [String] = [resourceURI],
        issuedAt: Double = now - 10,
        lifetime: Double = 600,
        extra: [String: JSONValue] = [:]
    ) -> [String: JSONValue] {
        AccessTokenClaims(
            issuer: issuerName,
            subject: "alice",
            audience: audience,
            scopes: scopes,
            now: issuedAt,
            lifetime: lifetime,
            tokenID: "jti-1",
            extra: extra
        ).json
    }

    static func verifier(
        policy: IssuerPolicy = IssuerPolicy(issuer: issuerName),
        keys: (any KeyProvider)? = nil,
        clock: ManualWallClock = ManualWallClock(now),
        cache: VerifiedTokenCache? = nil
    ) -> AccessTokenVerifier {
        let provider = keys ?? StaticKeyProvider(try! issuer.keySet())
        return AccessTokenVerifier(
            registry: try! IssuerRegistry([TrustedIssuer(policy: policy, keys: provider)]),
            cache: cache,
            clock: clock
        )
    }

    /// Verifies `token` and returns the error code, or `nil` if it was accepted.
    static func rejection(
        _ token: String,
        verifier: AccessTokenVerifier = verifier(),
        resource: ResourceIdentifier = resource,
        scopes: [String] = []
    ) async -> TokenVerificationError? {
        do {
            _ = try await verifier.verify(token: token, resource: resource, requiredScopes: scopes)
            return nil
        } catch {
            return error
        }
    }

    /// Re-assembles a token from header and payload JSON text and a signature, without re-signing.
    static func assemble(header: String, payload: String, signature: [UInt8]) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "."
            + Base64URL.encode(signature)
    }

    /// Signs raw header and payload JSON text with `signer` (for documents the JSON writer would not produce).
    static func signRaw(header: String, payload: String, signer: TokenSigner, algorithm: SignatureAlgorithm? = nil)
        throws -> String
    {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = try signer.signature(for: Array(input.utf8), algorithm: algorithm ?? signer.algorithm)
        return input + "." + Base64URL.encode(signature)
    }
}
