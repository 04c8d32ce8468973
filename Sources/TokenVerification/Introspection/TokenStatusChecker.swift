/// Says whether a token whose signature and claims verified is still active: the verifier's `active` check
/// (``TokenCheck/active``) asks it, and knows nothing of how it finds out.
///
/// ``TokenIntrospector`` asks the authorization server (RFC 7662); tests and embedders may supply their own (a
/// revocation list, a session store).
public protocol TokenStatusChecker: Sendable {
    /// Whether `token`, which expires at `expiresAt`, is still active.
    /// - Throws: ``TokenVerificationError`` `.keysUnavailable` when the answer cannot be obtained (the verifier fails
    ///   closed: 503, not the client's fault).
    func isActive(_ token: Substring, expiresAt: Double) async throws(TokenVerificationError) -> Bool
}
