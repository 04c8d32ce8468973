/// The claim checks of RFC 9068 §4 and RFC 7519 §4.1, one function each, shared by the verifier and by
/// ``TokenInspector`` so both always apply exactly the same rules.
public enum ClaimChecks {
    /// Reads and type-checks every claim the verifier uses (time-independent, resource-independent).
    ///
    /// `iss` must equal the policy's issuer exactly; every required claim must be present; `exp` is always
    /// required; dates must be NumericDates; `aud` a non-empty string or array of strings; `sub`, `client_id`,
    /// `jti` strings; `cnf` an object.
    public static func extract(
        _ claims: [String: JSONValue],
        policy: IssuerPolicy,
        algorithm: SignatureAlgorithm,
        keyID: String?,
        keyThumbprint: String
    ) throws(TokenVerificationError) -> VerifiedAccessToken {
        guard claims["iss"]?.stringValue == policy.issuer else {
            throw TokenVerificationError(.unknownIssuer, "\"iss\" does not match the issuer exactly")
        }
        for name in policy.requiredClaims where claims[name] == nil {
            throw TokenVerificationError(.missingClaim, "the token has no \"\(name.prefix(32))\" claim")
        }
        guard let expValue = claims["exp"] else {
            throw TokenVerificationError(.missingClaim, "the token has no \"exp\" claim")
        }
        let expiresAt = try date("exp", expValue)
        let notBefore = try claims["nbf"].map { (value) throws(TokenVerificationError) in try date("nbf", value) }
        let issuedAt = try claims["iat"].map { (value) throws(TokenVerificationError) in try date("iat", value) }
        let audiences = try audience(claims["aud"])
        let scopes = try policy.scopeClaim.scopes(in: claims).get()
        var confirmation: [String: JSONValue]?
        if let cnf = claims["cnf"] {
            guard let object = cnf.objectValue else {
                throw TokenVerificationError(.invalidClaim, "\"cnf\" is not an object")
            }
            confirmation = object
        }
        return VerifiedAccessToken(
            issuer: policy.issuer,
            subject: try string("sub", claims),
            clientID: try string("client_id", claims),
            scopes: scopes,
            audiences: audiences,
            expiresAt: expiresAt,
            notBefore: notBefore,
            issuedAt: issuedAt,
            tokenID: try string("jti", claims),
            confirmation: confirmation,
            claims: claims,
            algorithm: algorithm,
            keyID: keyID,
            keyThumbprint: keyThumbprint
        )
    }

    /// `exp` must be in the future: the token is refused once `now ≥ exp + leeway` (RFC 7519 §4.1.4).
    public static func checkExpiry(_ token: VerifiedAccessToken, now: Double, leeway: Double)
        throws(TokenVerificationError)
    {
        try checkExpiry(expiresAt: token.expiresAt, now: now, leeway: leeway)
    }

    /// ``checkExpiry(_:now:leeway:)`` given `exp` alone.
    public static func checkExpiry(expiresAt: Double, now: Double, leeway: Double) throws(TokenVerificationError) {
        guard now < expiresAt + leeway else {
            throw TokenVerificationError(.expired, "the token expired \(Int(now - expiresAt)) s ago")
        }
    }

    /// `nbf` must not be in the future: refused while `now + leeway < nbf` (RFC 7519 §4.1.5).
    public static func checkNotBefore(_ token: VerifiedAccessToken, now: Double, leeway: Double)
        throws(TokenVerificationError)
    {
        try checkNotBefore(token.notBefore, now: now, leeway: leeway)
    }

    /// ``checkNotBefore(_:now:leeway:)`` given `nbf` alone (`nil`: absent).
    public static func checkNotBefore(_ notBefore: Double?, now: Double, leeway: Double) throws(TokenVerificationError)
    {
        if let notBefore, now + leeway < notBefore {
            throw TokenVerificationError(.notYetValid, "the token is not valid for another \(Int(notBefore - now)) s")
        }
    }

    /// `iat` must not be in the future beyond the leeway (RFC 9068 §4 step 7 lets a verifier reject such tokens).
    public static func checkIssuedAt(_ token: VerifiedAccessToken, now: Double, leeway: Double)
        throws(TokenVerificationError)
    {
        try checkIssuedAt(token.issuedAt, now: now, leeway: leeway)
    }

    /// ``checkIssuedAt(_:now:leeway:)`` given `iat` alone (`nil`: absent).
    public static func checkIssuedAt(_ issuedAt: Double?, now: Double, leeway: Double) throws(TokenVerificationError) {
        if let issuedAt, now + leeway < issuedAt {
            throw TokenVerificationError(
                .issuedInFuture, "the token claims to be issued \(Int(issuedAt - now)) s in the future")
        }
    }

    /// `aud` must name `resource` (RFC 8707 §2, RFC 9068 §4 step 4). Returns how it matched.
    public static func checkAudience(
        _ token: VerifiedAccessToken,
        resource: ResourceIdentifier,
        policy: AudiencePolicy
    ) throws(TokenVerificationError) -> AudiencePolicy.Match {
        try checkAudience(token.audiences, resource: resource, policy: policy)
    }

    /// ``checkAudience(_:resource:policy:)`` given `aud` alone.
    public static func checkAudience(_ audiences: [String], resource: ResourceIdentifier, policy: AudiencePolicy)
        throws(TokenVerificationError) -> AudiencePolicy.Match
    {
        guard let match = policy.match(audiences, resource: resource) else {
            let shown = audiences.prefix(4).map { "\"\($0.prefix(96))\"" }.joined(separator: ", ")
            throw TokenVerificationError(
                .audienceMismatch,
                "the token's audience [\(shown)] does not include \"\(resource.canonical)\""
            )
        }
        return match
    }

    /// Every scope in `required` must have been granted (RFC 6750 §3.1 `insufficient_scope`).
    public static func checkScopes(_ token: VerifiedAccessToken, required: [String]) throws(TokenVerificationError) {
        let missing = required.filter { !token.scopes.contains($0) }
        guard missing.isEmpty else {
            throw TokenVerificationError(
                .insufficientScope,
                "the token lacks the scope(s) \(missing.joined(separator: " "))",
                requiredScopes: required
            )
        }
    }

    private static func date(_ name: String, _ value: JSONValue) throws(TokenVerificationError) -> Double {
        guard let seconds = NumericDate.seconds(value) else {
            throw TokenVerificationError(.invalidClaim, "\"\(name)\" is not a valid NumericDate")
        }
        return seconds
    }

    private static func string(_ name: String, _ claims: [String: JSONValue]) throws(TokenVerificationError) -> String?
    {
        guard let value = claims[name] else { return nil }
        guard let string = value.stringValue else {
            throw TokenVerificationError(.invalidClaim, "\"\(name)\" is not a string")
        }
        return string
    }

    private static func audience(_ value: JSONValue?) throws(TokenVerificationError) -> [String] {
        switch value {
        case .string(let audience)?:
            return [audience]
        case .array(let elements)? where !elements.isEmpty:
            var audiences: [String] = []
            for element in elements {
                guard let audience = element.stringValue else {
                    throw TokenVerificationError(.invalidClaim, "\"aud\" contains a non-string")
                }
                audiences.append(audience)
            }
            return audiences
        case nil:
            throw TokenVerificationError(.audienceMismatch, "the token has no \"aud\" claim")
        default:
            throw TokenVerificationError(.invalidClaim, "\"aud\" is neither a string nor a non-empty array")
        }
    }
}
