/// Why a token (or the request carrying it) was refused.
///
/// ``code`` says exactly what failed (stable, machine-readable: use it in logs, metrics and tests);
/// ``bearerError`` says what RFC 6750 §3.1 error a resource server puts in its challenge; ``reason`` is a short,
/// non-secret sentence fit for logs and `error_description`. Neither ever contains the token.
public struct TokenVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed. A struct with static members, so new codes are not a breaking change.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// Stable name, for logs and metrics labels.
        public let name: String
        /// The RFC 6750 error this failure maps to.
        public let bearerError: BearerError?
        /// The HTTP status a resource server answers this failure with.
        ///
        /// The one mapping from a verification failure to its HTTP answer, used by the MCP endpoints, the Hummingbird
        /// middleware, `gatehouse token inspect` and `gatehouse doctor`: RFC 6750 §3.1 — `invalid_request` 400,
        /// `invalid_token` 401, `insufficient_scope` 403, no credential 401 without `error` — and 503 when the keys
        /// (or the introspection endpoint) could not be reached, which is the server's trouble, not the client's
        /// (RFC 9110 §15.6.4), so a client must not discard a good token over it.
        public let httpStatus: Int

        private init(_ name: String, _ bearerError: BearerError?, status: Int? = nil) {
            self.name = name
            self.bearerError = bearerError
            switch bearerError {
            case .invalidRequest?: self.httpStatus = status ?? 400
            case .insufficientScope?: self.httpStatus = status ?? 403
            case .invalidToken?, nil: self.httpStatus = status ?? 401
            }
        }

        public var description: String { name }

        /// No bearer credential at all (RFC 6750 §3.1: the challenge carries no `error`).
        public static let missingCredential = Code("missing_credential", nil)
        /// The `Authorization` header is not a well-formed single bearer credential.
        public static let malformedRequest = Code("malformed_request", .invalidRequest)
        /// The token exceeds the configured length cap.
        public static let tokenTooLarge = Code("token_too_large", .invalidToken)
        /// The token is not a well-formed compact JWS with JSON header and claims.
        public static let malformedToken = Code("malformed_token", .invalidToken)
        /// `alg: none` or an empty signature.
        public static let unsecuredToken = Code("unsecured_token", .invalidToken)
        /// A JWE (five parts).
        public static let encryptedToken = Code("encrypted_token", .invalidToken)
        /// A nested JWT (`cty: JWT`).
        public static let nestedToken = Code("nested_token", .invalidToken)
        /// `alg` is unknown to this library or not allowed for the issuer.
        public static let algorithmNotAllowed = Code("algorithm_not_allowed", .invalidToken)
        /// `crit` names an extension this verifier does not understand.
        public static let unsupportedCriticalHeader = Code("unsupported_critical_header", .invalidToken)
        /// `typ` is not what the issuer requires (RFC 9068 §2.1: `at+jwt`).
        public static let invalidType = Code("invalid_type", .invalidToken)
        /// `iss` is missing or names no configured issuer.
        public static let unknownIssuer = Code("unknown_issuer", .invalidToken)
        /// No key of the issuer matches `kid` and `alg`.
        public static let unknownKey = Code("unknown_key", .invalidToken)
        /// The signature does not verify.
        public static let invalidSignature = Code("invalid_signature", .invalidToken)
        /// The issuer's keys could not be obtained (JWKS endpoint down and nothing cached). Not the client's fault.
        public static let keysUnavailable = Code("keys_unavailable", nil, status: 503)
        /// `exp` is in the past (beyond the leeway).
        public static let expired = Code("expired", .invalidToken)
        /// `nbf` is in the future (beyond the leeway).
        public static let notYetValid = Code("not_yet_valid", .invalidToken)
        /// `iat` is in the future (beyond the leeway).
        public static let issuedInFuture = Code("issued_in_future", .invalidToken)
        /// A required claim is absent.
        public static let missingClaim = Code("missing_claim", .invalidToken)
        /// A claim has the wrong type or an impossible value.
        public static let invalidClaim = Code("invalid_claim", .invalidToken)
        /// `aud` does not name this resource (RFC 8707).
        public static let audienceMismatch = Code("audience_mismatch", .invalidToken)
        /// The authorization server reports the token inactive (revoked), RFC 7662.
        public static let revoked = Code("revoked", .invalidToken)
        /// The token is valid but lacks scopes the operation needs (RFC 6750 §3.1: 403).
        public static let insufficientScope = Code("insufficient_scope", .insufficientScope)
    }

    /// The error codes of RFC 6750 §3.1.
    public enum BearerError: String, Sendable, Hashable {
        /// 400: the request is malformed.
        case invalidRequest = "invalid_request"
        /// 401: the token is expired, revoked, malformed or otherwise invalid.
        case invalidToken = "invalid_token"
        /// 403: the token lacks the scopes the request needs.
        case insufficientScope = "insufficient_scope"
    }

    /// What failed.
    public let code: Code
    /// A short, non-secret explanation.
    public let reason: String
    /// For `.insufficientScope`: every scope the operation needs (for the challenge's `scope` attribute).
    public let requiredScopes: [String]

    /// The RFC 6750 error for the challenge, or `nil` when none belongs there.
    public var bearerError: BearerError? { code.bearerError }

    /// The HTTP status a resource server answers with (``Code/httpStatus``).
    public var httpStatus: Int { code.httpStatus }

    /// Creates an error.
    public init(_ code: Code, _ reason: String, requiredScopes: [String] = []) {
        self.code = code
        self.reason = reason
        self.requiredScopes = requiredScopes
    }

    public var description: String { "\(code.name): \(reason)" }
}
