/// What the checks have established about one token so far: each ``TokenCheck`` reads what earlier checks found and
/// adds its own finding.
///
/// The verifier and `TokenInspection` fill it by running the same ``TokenCheck/ordered`` list; a check whose
/// inputs an earlier failure left empty is not run.
public struct TokenEvidence: Sendable, CustomStringConvertible, CustomReflectable {
    /// The token as received (never logged).
    public let token: Substring
    /// The endpoint's resource identifier the token must name.
    public let resource: ResourceIdentifier
    /// The time the time claims are judged at (seconds since the epoch).
    public let now: Double
    /// The parsed compact JWS (after `format`).
    public internal(set) var jws: CompactJWS?
    /// The decoded, not yet verified claims (after `format`).
    public internal(set) var claims: [String: JSONValue]?
    /// The issuer named by `iss` (after `iss`).
    public private(set) var issuer: TrustedIssuer?
    /// The issuer's clock-skew leeway (kept apart so the time checks read a number, not the issuer).
    private(set) var leeway: Double = 0
    /// Whether the issuer requires introspection (so the `active` check suspends).
    private(set) var introspects = false

    /// Records the issuer `iss` names.
    mutating func found(_ issuer: TrustedIssuer) {
        leeway = issuer.policy.leeway
        introspects = issuer.introspector != nil
        self.issuer = issuer
    }
    /// The allowed algorithm the header names (after `alg`).
    public internal(set) var algorithm: SignatureAlgorithm?
    /// The issuer's key whose signature verifies (after `signature`); `nil` after a failed signature.
    public internal(set) var key: VerificationKey?
    /// The claims, type-checked (after `claims`).
    public internal(set) var verified: VerifiedAccessToken?
    /// How `aud` matched the resource (after `aud`).
    public internal(set) var audienceMatch: AudiencePolicy.Match?
    /// The token was verified before and found in the verified-token cache: the parsing and signature checks are
    /// satisfied by that earlier verification (whose key must still be published).
    public internal(set) var cacheHit = false
    /// How many checks have failed so far (only collect-everything mode goes on after one).
    public internal(set) var failures = 0

    /// Evidence about `token`, judged for `resource` at `now`.
    public init(token: Substring, resource: ResourceIdentifier, now: Double) {
        self.token = token
        self.resource = resource
        self.now = now
    }

    /// Never the token: what has been established, for debugging.
    public var description: String {
        "TokenEvidence(issuer: \(issuer?.policy.issuer ?? "-"), algorithm: \(algorithm.map { "\($0)" } ?? "-"), "
            + "signature verified: \(isSignatureVerified), failures: \(failures))"
    }

    /// `dump` and debuggers show the description, never the token.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }

    /// Whether the claims rest on a verified signature (so far, or from the cache).
    public var isSignatureVerified: Bool { key != nil || cacheHit }
}
