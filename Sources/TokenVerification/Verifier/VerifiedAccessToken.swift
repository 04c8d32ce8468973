/// An access token whose signature and claims have been verified.
public struct VerifiedAccessToken: Sendable {
    /// `iss`.
    public let issuer: String
    /// `sub`, if present.
    public let subject: String?
    /// `client_id` (RFC 9068 §2.2): the OAuth client the token was issued to, if present.
    public let clientID: String?
    /// Granted scopes, de-duplicated, in token order.
    public let scopes: [String]
    /// `aud` values as written in the token.
    public let audiences: [String]
    /// `exp`, seconds since the epoch.
    public let expiresAt: Double
    /// `nbf`, if present.
    public let notBefore: Double?
    /// `iat`, if present.
    public let issuedAt: Double?
    /// `jti`, if present.
    public let tokenID: String?
    /// `cnf` (RFC 7800): the confirmation of a sender-constrained token (DPoP `jkt`, mTLS `x5t#S256`), if present.
    public let confirmation: [String: JSONValue]?
    /// Every claim of the token.
    public let claims: [String: JSONValue]
    /// The algorithm the token was signed with.
    public let algorithm: SignatureAlgorithm
    /// The `kid` of the key that verified it, if the key had one.
    public let keyID: String?
    /// The RFC 7638 thumbprint of the key that verified it.
    public let keyThumbprint: String

    /// Who the token speaks for: issuer and subject (the subject falls back to the client id for
    /// client-credentials tokens without `sub`).
    public var principal: Principal {
        Principal(issuer: issuer, subject: subject ?? clientID ?? "")
    }

    /// Whether every scope in `required` was granted.
    public func hasScopes(_ required: some Sequence<String>) -> Bool {
        required.allSatisfy(scopes.contains)
    }

    init(
        issuer: String, subject: String?, clientID: String?, scopes: [String], audiences: [String],
        expiresAt: Double, notBefore: Double?, issuedAt: Double?, tokenID: String?,
        confirmation: [String: JSONValue]?, claims: [String: JSONValue], algorithm: SignatureAlgorithm,
        keyID: String?, keyThumbprint: String
    ) {
        self.issuer = issuer
        self.subject = subject
        self.clientID = clientID
        self.scopes = scopes
        self.audiences = audiences
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.tokenID = tokenID
        self.confirmation = confirmation
        self.claims = claims
        self.algorithm = algorithm
        self.keyID = keyID
        self.keyThumbprint = keyThumbprint
    }
}

/// The identity a token speaks for: the pair (issuer, subject). Sessions and handles bind to this, not to a
/// token, so they survive a refresh but not a change of user (DESIGN.md §4).
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    /// `iss`.
    public let issuer: String
    /// `sub` (or the client id for machine clients).
    public let subject: String

    /// Creates a principal.
    public init(issuer: String, subject: String) {
        self.issuer = issuer
        self.subject = subject
    }

    public var description: String { "\(issuer) \(subject)" }
}
