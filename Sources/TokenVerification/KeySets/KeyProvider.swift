/// Supplies an issuer's verification keys.
///
/// Implementations keep the per-request path cheap: ``candidates(keyID:algorithm:)`` should answer from an
/// in-memory snapshot and only suspend when keys must be fetched.
public protocol KeyProvider: Sendable {
    /// The keys that may verify a token with this `kid` and algorithm; throws `.unknownKey` when there are none,
    /// `.keysUnavailable` when the keys could not be obtained at all.
    func candidates(keyID: String?, algorithm: SignatureAlgorithm) async throws(TokenVerificationError)
        -> [VerificationKey]

    /// Whether a key with this RFC 7638 thumbprint is currently published; a cached verification is only reused
    /// while its key still is.
    func isPublished(thumbprint: String) -> Bool

    /// Whether keys are loaded (for readiness probes).
    var hasKeys: Bool { get }
}

/// A fixed key set: inline, from a file, or a configured shared secret.
public struct StaticKeyProvider: KeyProvider {
    /// The keys.
    public let keySet: KeySet

    /// Creates a provider serving `keySet`.
    public init(_ keySet: KeySet) {
        self.keySet = keySet
    }

    public func candidates(keyID: String?, algorithm: SignatureAlgorithm) throws(TokenVerificationError)
        -> [VerificationKey]
    {
        let keys = keySet.candidates(keyID: keyID, algorithm: algorithm)
        guard !keys.isEmpty else { throw KeyLookupFailure.unknownKey(keyID, algorithm) }
        return keys
    }

    public func isPublished(thumbprint: String) -> Bool { keySet.thumbprints.contains(thumbprint) }

    public var hasKeys: Bool { !keySet.keys.isEmpty }
}

enum KeyLookupFailure {
    static func unknownKey(_ keyID: String?, _ algorithm: SignatureAlgorithm) -> TokenVerificationError {
        if let keyID {
            return TokenVerificationError(
                .unknownKey, "no \(algorithm) key with kid \"\(keyID.prefix(64))\" is published by the issuer")
        }
        return TokenVerificationError(.unknownKey, "the issuer publishes no key usable with \(algorithm)")
    }
}
