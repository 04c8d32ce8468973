/// Everything the verifier enforces for the tokens of one issuer, except where its keys come from.
///
/// Defaults are the strict RFC 9068 profile; each relaxation is explicit.
public struct IssuerPolicy: Sendable {
    /// The exact `iss` value (RFC 7519 §4.1.1: compared as a case-sensitive string, no normalization).
    public var issuer: String
    /// The algorithms this issuer signs with. Anything else is refused before any key is looked at.
    public var algorithms: Set<SignatureAlgorithm>
    /// Which `typ` values are accepted.
    public var typePolicy: TypePolicy
    /// Tolerance for clock skew on `exp`, `nbf` and `iat`, in seconds.
    public var leeway: Double
    /// Where scopes are read from.
    public var scopeClaim: ScopeClaim
    /// Claims that must be present. Default: RFC 9068 §2.2 (`iss`, `exp`, `aud`, `sub`, `client_id`, `iat`, `jti`).
    public var requiredClaims: [String]
    /// How `aud` is matched against the resource.
    public var audiencePolicy: AudiencePolicy
    /// `crit` extension names this deployment understands. Empty by default: any `crit` is refused.
    public var understoodCriticalHeaders: Set<String>

    /// The claims RFC 9068 §2.2 makes mandatory.
    public static let rfc9068RequiredClaims = ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"]

    /// Creates a policy.
    /// - Parameters:
    ///   - issuer: the exact `iss` value.
    ///   - algorithms: the allow-list; defaults to every asymmetric algorithm. HMAC algorithms take effect only
    ///     with a shared secret configured for the issuer.
    ///   - typePolicy: defaults to requiring `at+jwt`.
    ///   - leeway: seconds of clock skew tolerated; defaults to 60.
    ///   - scopeClaim: defaults to `scope`.
    ///   - requiredClaims: defaults to RFC 9068's list.
    ///   - audiencePolicy: defaults to a significant trailing slash and no extra audiences.
    ///   - understoodCriticalHeaders: defaults to none.
    public init(
        issuer: String,
        algorithms: Set<SignatureAlgorithm> = Set(SignatureAlgorithm.asymmetric),
        typePolicy: TypePolicy = .accessToken,
        leeway: Double = 60,
        scopeClaim: ScopeClaim = .scope,
        requiredClaims: [String] = IssuerPolicy.rfc9068RequiredClaims,
        audiencePolicy: AudiencePolicy = AudiencePolicy(),
        understoodCriticalHeaders: Set<String> = []
    ) {
        self.issuer = issuer
        self.algorithms = algorithms
        self.typePolicy = typePolicy
        self.leeway = leeway
        self.scopeClaim = scopeClaim
        self.requiredClaims = requiredClaims
        self.audiencePolicy = audiencePolicy
        self.understoodCriticalHeaders = understoodCriticalHeaders
    }

    /// `alg` must be a supported algorithm on this issuer's allow-list (RFC 8725 §3.1).
    public func checkAlgorithm(_ header: JOSEHeader) throws(TokenVerificationError) -> SignatureAlgorithm {
        guard let algorithm = SignatureAlgorithm(name: header.algorithmName) else {
            throw TokenVerificationError(
                .algorithmNotAllowed, "algorithm \"\(header.algorithmName.prefix(16))\" is not supported")
        }
        guard algorithms.contains(algorithm) else {
            throw TokenVerificationError(.algorithmNotAllowed, "algorithm \(algorithm) is not allowed for this issuer")
        }
        return algorithm
    }

    /// Every `crit` name must be understood (RFC 7515 §4.1.11).
    public func checkCritical(_ header: JOSEHeader) throws(TokenVerificationError) {
        for name in header.critical where !understoodCriticalHeaders.contains(name) {
            throw TokenVerificationError(
                .unsupportedCriticalHeader,
                "the header marks \"\(name.prefix(32))\" critical, which this verifier does not understand"
            )
        }
    }
}
