/// One named check of an access token, in the order ``ordered`` lists them.
///
/// The verifier is this list run over a ``TokenEvidence`` (the way swift-certificates' `Verifier` is a list of
/// policies): ``AccessTokenVerifier`` runs it stopping at the first failure; ``TokenInspection`` (what
/// `gatehouse token inspect` and `gatehouse doctor` print) runs the same list collecting every result, skipping only
/// a check whose inputs an earlier failure left missing. Given the same issuers, the two cannot disagree about what a
/// token is (`gatehouse token inspect` configures no introspection, so it cannot see a revocation).
///
/// The order is part of the security argument: nothing about a key is looked up before the issuer is known and the
/// header allowed (RFC 8725 §3.1), no claim is trusted before the signature verifies, and the time and audience
/// checks come before any scope decision, so an expired token lacking scopes is `invalid_token` (401), never
/// `insufficient_scope` (403). Scopes are the decision step's business, not the token's (see
/// ``AccessTokenVerifier/verify(authorization:resource:requiredScopes:)``).
public struct TokenCheck: Sendable, Hashable, CustomStringConvertible {
    /// The check's stable name (`format`, `iss`, `alg`, …), as `token inspect` prints it.
    public let name: String
    private let step: Step

    private enum Step: Sendable, Hashable {
        case format, issuer, algorithm, critical, type, signature, claims, expiry, notBefore, issuedAt, audience
        case active

        /// The parsing and signature checks, which a cached earlier verification has already passed.
        var isProvenByCache: Bool {
            switch self {
            case .format, .issuer, .algorithm, .critical, .type, .signature, .claims: return true
            case .expiry, .notBefore, .issuedAt, .audience, .active: return false
            }
        }
    }

    private init(_ name: String, _ step: Step) {
        self.name = name
        self.step = step
    }

    public var description: String { name }

    /// Size cap, then a compact JWS (RFC 7515 §7.1) with a JSON header and claims set (RFC 7519 §7.2).
    public static let format = TokenCheck("format", .format)
    /// `iss` names a trusted issuer exactly (RFC 9068 §4; RFC 9207's exact comparison).
    public static let issuer = TokenCheck("iss", .issuer)
    /// `alg` is on the issuer's allow-list (RFC 8725 §3.1, §3.2).
    public static let algorithm = TokenCheck("alg", .algorithm)
    /// Every `crit` extension is understood (RFC 7515 §4.1.11).
    public static let critical = TokenCheck("crit", .critical)
    /// `typ` is what the issuer requires (RFC 9068 §2.1, RFC 8725 §3.11).
    public static let type = TokenCheck("typ", .type)
    /// A key of the issuer matching `kid` and `alg` verifies the signature (RFC 7515 §5.2).
    public static let signature = TokenCheck("signature", .signature)
    /// The required claims are present and well-typed (RFC 9068 §2.2).
    public static let claims = TokenCheck("claims", .claims)
    /// `exp` is not past, within the leeway (RFC 7519 §4.1.4).
    public static let expiry = TokenCheck("exp", .expiry)
    /// `nbf` is not in the future, within the leeway (RFC 7519 §4.1.5).
    public static let notBefore = TokenCheck("nbf", .notBefore)
    /// `iat` is not in the future, within the leeway (RFC 7519 §4.1.6).
    public static let issuedAt = TokenCheck("iat", .issuedAt)
    /// `aud` names this endpoint's resource (RFC 8707 §2, RFC 9068 §4).
    public static let audience = TokenCheck("aud", .audience)
    /// Where the issuer is configured for it, the authorization server still reports the token active (RFC 7662).
    public static let active = TokenCheck("active", .active)

    /// Every check, in the order they run.
    public static let ordered: [TokenCheck] = [
        .format, .issuer, .algorithm, .critical, .type, .signature, .claims, .expiry, .notBefore, .issuedAt, .audience,
        .active,
    ]

    /// Runs the check on `evidence`, adding its finding.
    /// - Returns: `true` when it ran and passed (or the cache already proved it); `false` when its inputs are
    ///   missing because an earlier check failed (only in collect-everything mode).
    /// - Throws: the failure, when it ran and failed.
    func run(_ evidence: inout TokenEvidence, by verifier: AccessTokenVerifier) async throws(TokenVerificationError)
        -> Bool
    {
        if evidence.cacheHit && step.isProvenByCache { return true }
        switch step {
        case .format:
            let limits = verifier.configuration
            guard evidence.token.utf8.count <= limits.maximumTokenLength else {
                throw TokenVerificationError(
                    .tokenTooLarge, "the token is longer than \(limits.maximumTokenLength) bytes")
            }
            let parser = StrictJSONParser(maximumDepth: limits.maximumJSONDepth)
            let jws = try CompactJWS(evidence.token, maximumLength: limits.maximumTokenLength, parser: parser)
            evidence.claims = try jws.claims(parser: parser)
            evidence.jws = jws
        case .issuer:
            guard let claims = evidence.claims else { return false }
            evidence.issuer = try verifier.trustedIssuer(named: claims["iss"])
        case .algorithm:
            guard case let (jws, issuer)? = evidence.parsed else { return false }
            evidence.algorithm = try issuer.policy.checkAlgorithm(jws.header)
        case .critical:
            guard case let (jws, issuer)? = evidence.parsed else { return false }
            try issuer.policy.checkCritical(jws.header)
        case .type:
            guard case let (jws, issuer)? = evidence.parsed else { return false }
            try issuer.policy.typePolicy.check(jws.header.type)
        case .signature:
            guard case let (jws, issuer)? = evidence.parsed, let algorithm = evidence.algorithm else { return false }
            evidence.key = try await verifier.verifySignature(jws, algorithm: algorithm, keys: issuer.keys)
        case .claims:
            guard let claims = evidence.claims, let issuer = evidence.issuer else { return false }
            evidence.verified = try ClaimChecks.extract(
                claims, policy: issuer.policy, algorithm: evidence.algorithm ?? .rs256, keyID: evidence.key?.keyID,
                keyThumbprint: evidence.key?.thumbprint ?? "")
        case .expiry:
            guard case let (token, policy)? = evidence.claimed else { return false }
            try ClaimChecks.checkExpiry(token, now: evidence.now, leeway: policy.leeway)
        case .notBefore:
            guard case let (token, policy)? = evidence.claimed else { return false }
            try ClaimChecks.checkNotBefore(token, now: evidence.now, leeway: policy.leeway)
        case .issuedAt:
            guard case let (token, policy)? = evidence.claimed else { return false }
            try ClaimChecks.checkIssuedAt(token, now: evidence.now, leeway: policy.leeway)
        case .audience:
            guard case let (token, policy)? = evidence.claimed else { return false }
            evidence.audienceMatch = try ClaimChecks.checkAudience(
                token, resource: evidence.resource, policy: policy.audiencePolicy)
        case .active:
            // Never ask the authorization server about a token the server would already refuse: only once every
            // earlier check passed (so `token inspect` asks exactly when the server would).
            guard let token = evidence.verified, evidence.isSignatureVerified, evidence.failures == 0 else {
                return false
            }
            guard let introspector = evidence.issuer?.introspector else { return true }
            guard try await introspector.isActive(evidence.token, expiresAt: token.expiresAt) else {
                throw TokenVerificationError(.revoked, "the authorization server reports the token is no longer active")
            }
        }
        return true
    }

    /// What a passed check found, in words (for `token inspect`; built only when asked for).
    func finding(_ evidence: TokenEvidence) -> String {
        let unverified = evidence.isSignatureVerified ? "" : " (claims NOT verified: signature failed)"
        let leeway = Int(evidence.issuer?.policy.leeway ?? 0)
        switch step {
        case .format: return "compact JWS with JSON header and claims"
        case .issuer: return "trusted issuer \(evidence.issuer?.policy.issuer ?? "")"
        case .algorithm: return "\(evidence.jws?.header.algorithmName ?? "") is allowed"
        case .critical: return "no critical extensions, or only understood ones"
        case .type:
            return
                "\"\(evidence.jws?.header.type ?? "(none)")\" satisfies \(evidence.issuer.map { "\($0.policy.typePolicy)" } ?? "")"
        case .signature:
            let key = evidence.key
            return "verifies with key \(key?.keyID.map { "\"\($0)\"" } ?? key?.thumbprint ?? "")"
        case .claims: return "required claims present and well-typed" + unverified
        case .expiry:
            let remaining = Int((evidence.verified?.expiresAt ?? 0) - evidence.now)
            return "expires in \(remaining) s (leeway \(leeway) s)" + unverified
        case .notBefore: return (evidence.verified?.notBefore == nil ? "absent" : "in the past") + unverified
        case .issuedAt: return (evidence.verified?.issuedAt == nil ? "absent" : "not in the future") + unverified
        case .audience:
            return "names \(evidence.resource.canonical) (\(evidence.audienceMatch.map { "\($0)" } ?? ""))" + unverified
        case .active:
            return evidence.issuer?.introspector == nil
                ? "no introspection configured for this issuer"
                : "the authorization server reports the token active (RFC 7662)"
        }
    }
}
