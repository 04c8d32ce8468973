public import TokenVerification

/// A key provider whose keys cannot be obtained — a JWKS endpoint that is down, with nothing cached — for testing how a
/// server answers then (503, `keys_unavailable`: not the client's fault).
public struct UnreachableKeys: KeyProvider {
    /// Creates the provider.
    public init() {}

    public func candidates(keyID: String?, algorithm: SignatureAlgorithm) async throws(TokenVerificationError)
        -> [VerificationKey]
    {
        throw TokenVerificationError(.keysUnavailable, "the issuer's keys are unavailable: connection refused")
    }

    public func isPublished(thumbprint: String) -> Bool { false }

    public var hasKeys: Bool { false }
}
