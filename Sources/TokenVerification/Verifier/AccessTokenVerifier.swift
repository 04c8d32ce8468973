public import Logging

/// Verifies OAuth 2.1 bearer access tokens (RFC 9068 JWTs) for a resource server.
///
/// The path of one verification, in order:
/// 1. extract the bearer token from `Authorization` (RFC 6750 §2.1);
/// 2. recall it from the verified-token cache if it was verified before and its key is still published;
/// 3. run the named checks of ``TokenCheck/ordered`` — `format` (length cap, strict compact JWS), `iss`, `alg`,
///    `crit`, `typ`, `signature`, `claims`, `exp`, `nbf`, `iat`, `aud`, `active` — stopping at the first failure
///    (a cached token skips the parsing and signature checks);
/// 4. then, and only then, the scopes — so an expired token lacking scopes is `invalid_token` (401), never
///    `insufficient_scope` (403). ``TokenInspection`` runs the same list without stopping.
///
/// ```swift
/// let keys = try JSONWebKeySet.parse(jwksBytes).keySet
/// let registry = try IssuerRegistry([
///     TrustedIssuer(policy: IssuerPolicy(issuer: "https://id.example.com"), keys: StaticKeyProvider(keys))
/// ])
/// let verifier = AccessTokenVerifier(registry: registry)
/// let resource = ResourceIdentifier("https://mcp.example.com/mcp")!
/// let token = try await verifier.verify(authorization: header, resource: resource, requiredScopes: ["notes.read"])
/// print(token.principal, token.scopes)
/// ```
public struct AccessTokenVerifier: Sendable {
    /// Limits that apply to every issuer.
    public struct Configuration: Sendable {
        /// Tokens longer than this are refused before any decoding (bytes).
        public var maximumTokenLength: Int
        /// The deepest JSON nesting accepted in a header or claims set.
        public var maximumJSONDepth: Int

        /// Creates a configuration (defaults: 8 KiB tokens, JSON depth 16).
        public init(maximumTokenLength: Int = 8192, maximumJSONDepth: Int = 16) {
            self.maximumTokenLength = maximumTokenLength
            self.maximumJSONDepth = maximumJSONDepth
        }
    }

    /// A successful verification and how it was reached.
    public struct Verification: Sendable {
        /// The verified token.
        public let token: VerifiedAccessToken
        /// How the audience matched the resource.
        public let audienceMatch: AudiencePolicy.Match
        /// Whether the signature check was saved by the cache.
        public let cacheHit: Bool
    }

    /// The trusted issuers.
    public let registry: IssuerRegistry
    /// Limits.
    public let configuration: Configuration
    private let cache: VerifiedTokenCache?
    private let clock: any WallClock
    private let logger: Logger

    /// Creates a verifier.
    /// - Parameters:
    ///   - registry: the trusted issuers.
    ///   - configuration: global limits.
    ///   - cache: a verified-token cache, or `nil` to check every signature.
    ///   - clock: the time source for `exp`/`nbf`/`iat` and cache expiry.
    ///   - logger: receives `debug`-level notes (never tokens).
    public init(
        registry: IssuerRegistry,
        configuration: Configuration = Configuration(),
        cache: VerifiedTokenCache? = VerifiedTokenCache(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "gatehouse.verifier")
    ) {
        self.registry = registry
        self.configuration = configuration
        self.cache = cache
        self.clock = clock
        self.logger = logger
    }

    /// Verifies the bearer token in an `Authorization` header value.
    /// - Parameters:
    ///   - authorization: the header value, or `nil` when the request has none.
    ///   - resource: this endpoint's canonical resource URI; the token's `aud` must name it.
    ///   - requiredScopes: scopes the operation needs.
    public func verify(
        authorization: String?,
        resource: ResourceIdentifier,
        requiredScopes: [String] = []
    ) async throws(TokenVerificationError) -> VerifiedAccessToken {
        let token = try BearerCredential.token(from: authorization)
        return try await verification(of: token, resource: resource, requiredScopes: requiredScopes).token
    }

    /// Verifies a raw token. See ``verify(authorization:resource:requiredScopes:)``.
    public func verify(
        token: String,
        resource: ResourceIdentifier,
        requiredScopes: [String] = []
    ) async throws(TokenVerificationError) -> VerifiedAccessToken {
        try await verification(of: Substring(token), resource: resource, requiredScopes: requiredScopes).token
    }

    /// Verifies a raw token and says how (audience match kind, cache use), for auth-decision logs.
    ///
    /// Runs ``TokenCheck/ordered`` and stops at the first failure; a token found in the verified-token cache
    /// (whose key is still published) skips the parsing and signature checks but not the time, audience and
    /// introspection checks. `requiredScopes` are checked last, after the token is known to be good.
    public func verification(
        of token: Substring,
        resource: ResourceIdentifier,
        requiredScopes: [String] = []
    ) async throws(TokenVerificationError) -> Verification {
        var evidence = TokenEvidence(token: token, resource: resource, now: clock.now())
        let digest = recall(into: &evidence)
        for check in evidence.cacheHit ? TokenCheck.afterCache : TokenCheck.ordered {
            // Fail closed: in this mode a check that cannot run (its inputs missing) is a refusal, never a pass.
            let passed =
                check.suspends(cacheHit: evidence.cacheHit, introspects: evidence.introspects)
                ? try await check.run(&evidence, by: self) : try check.runNow(&evidence, by: self)
            guard passed else {
                throw TokenVerificationError(.malformedToken, "the \(check.name) check could not run")
            }
        }
        // `take()` moves the token out rather than copying it (the evidence is not needed any more).
        guard evidence.isSignatureVerified, let match = evidence.audienceMatch, let verified = evidence.verified.take()
        else {
            throw TokenVerificationError(.malformedToken, "the token could not be verified")
        }
        if let cache, let digest, !evidence.cacheHit {
            cache.insert(verified, digest: digest, cost: token.utf8.count * 3 + 512, now: evidence.now)
        }
        note(match, resource: resource)
        try ClaimChecks.checkScopes(verified, required: requiredScopes)
        return Verification(token: verified, audienceMatch: match, cacheHit: evidence.cacheHit)
    }

    /// Looks the token up in the verified-token cache; a hit counts only while its key is still published.
    /// - Returns: the token's digest, to remember it under once verified (`nil` without a cache).
    private func recall(into evidence: inout TokenEvidence) -> TokenDigest? {
        guard let cache, evidence.token.utf8.count <= configuration.maximumTokenLength else { return nil }
        let digest = TokenDigest(evidence.token)
        if let cached = cache.lookup(digest, now: evidence.now), let issuer = registry[cached.issuer],
            issuer.keys.isPublished(thumbprint: cached.keyThumbprint)
        {
            evidence.verified = cached
            evidence.found(issuer)
            evidence.cacheHit = true
        }
        return digest
    }

    private func note(_ match: AudiencePolicy.Match, resource: ResourceIdentifier) {
        switch match {
        case .canonical:
            break
        case .trailingSlash:
            logger.debug("audience matched only by ignoring a trailing slash", metadata: ["resource": "\(resource)"])
        case .additionalAudience(let audience):
            logger.debug("audience matched an additional accepted audience", metadata: ["audience": "\(audience)"])
        }
    }

    /// The trusted issuer named by the (not yet verified) `iss`; the signature check that follows proves it.
    func trustedIssuer(named iss: JSONValue?) throws(TokenVerificationError) -> TrustedIssuer {
        guard let iss else {
            throw TokenVerificationError(.unknownIssuer, "the token has no \"iss\" claim")
        }
        guard let name = iss.stringValue else {
            throw TokenVerificationError(.invalidClaim, "\"iss\" is not a string")
        }
        guard let issuer = registry[name] else {
            throw TokenVerificationError(.unknownIssuer, "the issuer \"\(name.prefix(128))\" is not trusted here")
        }
        return issuer
    }

    /// Finds the keys for the token's `kid` and algorithm and returns the one whose signature verifies.
    func verifySignature(
        _ jws: CompactJWS,
        algorithm: SignatureAlgorithm,
        keys: any KeyProvider
    ) async throws(TokenVerificationError) -> VerificationKey {
        let candidates = try await keys.candidates(keyID: jws.header.keyID, algorithm: algorithm)
        for key in candidates where key.isValidSignature(jws.signature, for: jws.signingInput, algorithm: algorithm) {
            return key
        }
        throw TokenVerificationError(
            .invalidSignature, "the signature does not verify with the issuer's \(algorithm) key")
    }
}
