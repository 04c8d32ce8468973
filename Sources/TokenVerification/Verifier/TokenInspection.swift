/// A check-by-check report on one token: what `gatehouse token inspect` prints when a client says
/// "401 after sign-in".
///
/// Runs the verifier's own checks (``IssuerPolicy``, ``ClaimChecks``, ``AccessTokenVerifier``) one at a time and
/// keeps going after a failure wherever the later checks still mean something, so one run shows every problem.
/// Claim checks after a failed signature are reported on **unverified** claims and say so.
public struct TokenInspection: Sendable {
    /// One check's outcome.
    public struct Check: Sendable {
        /// What was checked (`signature`, `aud`, …).
        public let name: String
        /// `true` passed, `false` failed, `nil` not run (an earlier failure made it meaningless).
        public let passed: Bool?
        /// Why it passed or failed.
        public let detail: String
    }

    /// The checks, in verification order.
    public private(set) var checks: [Check] = []
    /// The decoded header, if the token could be parsed.
    public private(set) var header: [String: JSONValue]?
    /// The decoded claims, if the token could be parsed.
    public private(set) var claims: [String: JSONValue]?
    /// The first failure, which is what the verifier would have answered; `nil` if the token is accepted.
    public private(set) var verdict: TokenVerificationError?

    /// Inspects `token` against `verifier`'s issuers for `resource`.
    public init(
        token: String,
        verifier: AccessTokenVerifier,
        resource: ResourceIdentifier,
        requiredScopes: [String] = [],
        now: Double
    ) async {
        let jws: CompactJWS
        let claims: [String: JSONValue]
        do {
            jws = try CompactJWS(token, maximumLength: verifier.configuration.maximumTokenLength)
            claims = try jws.claims()
            record("format", passed: true, "compact JWS with JSON header and claims")
        } catch {
            record("format", error)
            return
        }
        header = jws.header.parameters
        self.claims = claims
        if !jws.header.embeddedKeyParameters.isEmpty {
            record(
                "embedded keys",
                passed: true,
                "header carries \(jws.header.embeddedKeyParameters.joined(separator: ", ")); ignored, keys come only from the issuer"
            )
        }
        let issuer: TrustedIssuer
        do {
            issuer = try verifier.trustedIssuer(named: claims["iss"])
            record("iss", passed: true, "trusted issuer \(issuer.policy.issuer)")
        } catch {
            record("iss", error)
            skip(["alg", "crit", "typ", "key", "signature", "claims", "exp", "nbf", "iat", "aud", "scope"])
            return
        }
        let policy = issuer.policy
        var algorithm: SignatureAlgorithm?
        do {
            algorithm = try policy.checkAlgorithm(jws.header)
            record("alg", passed: true, "\(jws.header.algorithmName) is allowed")
        } catch {
            record("alg", error)
        }
        run("crit", "no critical extensions, or only understood ones") { () throws(TokenVerificationError) in
            try policy.checkCritical(jws.header)
        }
        run("typ", "\"\(jws.header.type ?? "(none)")\" satisfies \(policy.typePolicy)") {
            () throws(TokenVerificationError) in
            try policy.typePolicy.check(jws.header.type)
        }
        var verifiedKey: VerificationKey?
        if let algorithm {
            do {
                let key = try await verifier.verifySignature(jws, algorithm: algorithm, keys: issuer.keys)
                verifiedKey = key
                record(
                    "signature", passed: true, "verifies with key \(key.keyID.map { "\"\($0)\"" } ?? key.thumbprint)")
            } catch {
                record("signature", error)
            }
        } else {
            skip(["signature"])
        }
        let unverified = verifiedKey == nil ? " (claims NOT verified: signature failed)" : ""
        let token: VerifiedAccessToken
        do {
            token = try ClaimChecks.extract(
                claims,
                policy: policy,
                algorithm: algorithm ?? .rs256,
                keyID: verifiedKey?.keyID,
                keyThumbprint: verifiedKey?.thumbprint ?? ""
            )
            record("claims", passed: true, "required claims present and well-typed" + unverified)
        } catch {
            record("claims", error)
            skip(["exp", "nbf", "iat", "aud", "scope"])
            return
        }
        let leeway = policy.leeway
        run("exp", "expires in \(Int(token.expiresAt - now)) s (leeway \(Int(leeway)) s)" + unverified) {
            () throws(TokenVerificationError) in
            try ClaimChecks.checkExpiry(token, now: now, leeway: leeway)
        }
        run("nbf", token.notBefore == nil ? "absent" : "in the past" + unverified) {
            () throws(TokenVerificationError) in
            try ClaimChecks.checkNotBefore(token, now: now, leeway: leeway)
        }
        run("iat", token.issuedAt == nil ? "absent" : "not in the future" + unverified) {
            () throws(TokenVerificationError) in
            try ClaimChecks.checkIssuedAt(token, now: now, leeway: leeway)
        }
        do {
            let match = try ClaimChecks.checkAudience(token, resource: resource, policy: policy.audiencePolicy)
            record("aud", passed: true, "names \(resource.canonical) (\(match))" + unverified)
        } catch {
            record("aud", error)
        }
        run("scope", requiredScopes.isEmpty ? "no scopes required" : "grants \(requiredScopes.joined(separator: " "))")
        {
            () throws(TokenVerificationError) in
            try ClaimChecks.checkScopes(token, required: requiredScopes)
        }
    }

    private mutating func run(_ name: String, _ success: String, _ check: () throws(TokenVerificationError) -> Void) {
        do {
            try check()
            record(name, passed: true, success)
        } catch {
            record(name, error)
        }
    }

    private mutating func record(_ name: String, passed: Bool, _ detail: String) {
        checks.append(Check(name: name, passed: passed, detail: detail))
    }

    private mutating func record(_ name: String, _ error: TokenVerificationError) {
        checks.append(Check(name: name, passed: false, detail: "\(error.code): \(error.reason)"))
        if verdict == nil { verdict = error }
    }

    private mutating func skip(_ names: [String]) {
        for name in names { checks.append(Check(name: name, passed: nil, detail: "not checked")) }
    }
}
