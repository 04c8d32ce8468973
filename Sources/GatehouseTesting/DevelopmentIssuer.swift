public import TokenVerification

/// The development issuer: signing keys read from a folder of PEM files (the repository's `Keys/`), for
/// `gatehouse serve`'s embedded default, `gatehouse token mint` and tests. **Never** trust it in production.
public struct DevelopmentIssuer: Sendable {
    /// The issuer identifier used by default.
    public static let defaultIssuer = "http://127.0.0.1:8080/dev-issuer"

    /// The `iss` of tokens it mints.
    public let issuer: String
    /// One signer per key file; the `kid` is the file name without `.pem`.
    public let signers: [TokenSigner]

    /// Loads every `*.pem` in `directory`.
    /// - Throws: ``DevelopmentKeyError`` naming the folder (as an absolute path) or the file, and what to do.
    public init(directory: String, issuer: String = DevelopmentIssuer.defaultIssuer) throws {
        let folder = try DevelopmentKeyFolder(directory: directory)
        signers = folder.keys.map { TokenSigner(key: $0.key, keyID: $0.keyID) }
        self.issuer = issuer
    }

    /// The signer with this `kid`.
    public func signer(keyID: String) -> TokenSigner? {
        signers.first { $0.keyID == keyID }
    }

    /// The public JWK Set document.
    public var jwks: JSONValue {
        .object(["keys": .array(signers.map { .object($0.publicJWK) })])
    }

    /// The public keys, ready for a verifier.
    public func keySet() throws -> KeySet {
        try JSONWebKeySet.parse(Array(JSONWriter.serialize(jwks).utf8)).keySet
    }

    /// A verifier policy that trusts this issuer (strict RFC 9068 defaults).
    public var policy: IssuerPolicy { IssuerPolicy(issuer: issuer) }
}
