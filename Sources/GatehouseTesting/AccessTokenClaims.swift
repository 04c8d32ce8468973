public import TokenVerification

/// The claims of an RFC 9068 access token, for minting test and development tokens.
///
/// ```swift
/// let claims = AccessTokenClaims(issuer: "https://dev", audience: ["http://127.0.0.1:8080/mcp"],
///                                scopes: ["notes.read"], now: 1_700_000_000)
/// let token = try signer.sign(claims: claims.json)
/// ```
public struct AccessTokenClaims: Sendable {
    /// `iss`.
    public var issuer: String
    /// `sub`.
    public var subject: String
    /// `aud`, written as a string when there is one value.
    public var audience: [String]
    /// `scope`, space-joined.
    public var scopes: [String]
    /// `client_id`.
    public var clientID: String
    /// `iat` (and `nbf`), seconds since the epoch.
    public var issuedAt: Double
    /// Seconds until `exp`.
    public var lifetime: Double
    /// `jti`.
    public var tokenID: String
    /// Further claims, which override the ones above.
    public var extra: [String: JSONValue]

    /// Creates claims. `now` is the issue time.
    public init(
        issuer: String,
        subject: String = "dev-user",
        audience: [String],
        scopes: [String] = [],
        clientID: String = "gatehouse-dev-client",
        now: Double,
        lifetime: Double = 3600,
        tokenID: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.scopes = scopes
        self.clientID = clientID
        self.issuedAt = now
        self.lifetime = lifetime
        self.tokenID = tokenID ?? "jti-\(UInt64(now))-\(UInt32.random(in: 0...UInt32.max))"
        self.extra = extra
    }

    /// The claims as JSON members.
    public var json: [String: JSONValue] {
        var claims: [String: JSONValue] = [
            "iss": .string(issuer),
            "sub": .string(subject),
            "aud": audience.count == 1 ? .string(audience[0]) : .array(audience.map(JSONValue.string)),
            "client_id": .string(clientID),
            "iat": .number(String(Int64(issuedAt))),
            "nbf": .number(String(Int64(issuedAt))),
            "exp": .number(String(Int64(issuedAt + lifetime))),
            "jti": .string(tokenID),
        ]
        if !scopes.isEmpty { claims["scope"] = .string(scopes.joined(separator: " ")) }
        for (name, value) in extra { claims[name] = value }
        return claims
    }
}
