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

    /// The checks a token recalled from the verified-token cache still runs: ``ordered`` without those the cache
    /// proves (`format` … `claims`, whose outcome cannot change while the key stays published).
    public static let afterCache: [TokenCheck] = ordered.filter { !$0.step.isProvenByCache }

    /// Whether running the check on `evidence` may suspend: a signature not proven by the cache (keys may have to be
    /// fetched) and an `active` check with introspection configured. Every other check runs synchronously
    /// (``runNow(_:by:)``), so the verified-token cache path makes no asynchronous call at all.
    func suspends(cacheHit: Bool, introspects: Bool) -> Bool {
        switch step {
        case .signature: return !cacheHit
        case .active: return introspects
        default: return false
        }
    }

    /// Runs the check on `evidence`, adding its finding.
    /// - Returns: `true` when it ran and passed (or the cache already proved it); `false` when its inputs are
    ///   missing because an earlier check failed (only in collect-everything mode).
    /// - Throws: the failure, when it ran and failed.
    func run(_ evidence: inout TokenEvidence, by verifier: AccessTokenVerifier) async throws(TokenVerificationError)
        -> Bool
    {
        guard suspends(cacheHit: evidence.cacheHit, introspects: evidence.introspects) else {
            return try runNow(&evidence, by: verifier)
        }
        switch step {
        case .signature:
            guard let jws = evidence.jws, let keys = evidence.issuer?.keys, let algorithm = evidence.algorithm else {
                return false
            }
            evidence.key = try await verifier.verifySignature(jws, algorithm: algorithm, keys: keys)
            return true
        default:
            // Never ask the authorization server about a token the server would already refuse: only once every
            // earlier check passed (so `token inspect` asks exactly when the server would).
            guard let expiresAt = evidence.verified?.expiresAt, let introspector = evidence.issuer?.introspector,
                evidence.isSignatureVerified, evidence.failures == 0
            else {
                return false
            }
            guard try await introspector.isActive(evidence.token, expiresAt: expiresAt) else {
                throw TokenVerificationError(.revoked, "the authorization server reports the token is no longer active")
            }
            return true
        }
    }

    /// The checks that never suspend (see ``suspends(_:)``). They read only the fields they need, so the cached path
    /// copies no claims.
    func runNow(_ evidence: inout TokenEvidence, by verifier: AccessTokenVerifier) throws(TokenVerificationError)
        -> Bool
    {
        if step.isProvenByCache, evidence.cacheHit { return true }
        let now = evidence.now
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
            evidence.found(try verifier.trustedIssuer(named: claims["iss"]))
        case .algorithm:
            guard let header = evidence.jws?.header, let policy = evidence.issuer?.policy else { return false }
            evidence.algorithm = try policy.checkAlgorithm(header)
        case .critical:
            guard let header = evidence.jws?.header, let policy = evidence.issuer?.policy else { return false }
            try policy.checkCritical(header)
        case .type:
            guard let header = evidence.jws?.header, let policy = evidence.issuer?.policy else { return false }
            try policy.typePolicy.check(header.type)
        case .signature:
            return false  // Only reached when its inputs are missing: it runs in ``run(_:by:)``.
        case .claims:
            guard let claims = evidence.claims, let policy = evidence.issuer?.policy else { return false }
            evidence.verified = try ClaimChecks.extract(
                claims, policy: policy, algorithm: evidence.algorithm ?? .rs256, keyID: evidence.key?.keyID,
                keyThumbprint: evidence.key?.thumbprint ?? "")
        case .expiry:
            guard let expiresAt = evidence.verified?.expiresAt else { return false }
            try ClaimChecks.checkExpiry(expiresAt: expiresAt, now: now, leeway: evidence.leeway)
        case .notBefore:
            guard evidence.verified != nil else { return false }
            try ClaimChecks.checkNotBefore(evidence.verified?.notBefore, now: now, leeway: evidence.leeway)
        case .issuedAt:
            guard evidence.verified != nil else { return false }
            try ClaimChecks.checkIssuedAt(evidence.verified?.issuedAt, now: now, leeway: evidence.leeway)
        case .audience:
            guard let audiences = evidence.verified?.audiences, let policy = evidence.issuer?.policy.audiencePolicy
            else { return false }
            evidence.audienceMatch = try ClaimChecks.checkAudience(
                audiences, resource: evidence.resource, policy: policy)
        case .active:
            // No introspection configured (else it suspends): active once the claims are verified.
            guard evidence.verified != nil, evidence.failures == 0 else { return false }
            if evidence.cacheHit { return true }
            return evidence.key != nil
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
