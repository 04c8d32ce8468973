/// A check-by-check report on one token: what `gatehouse token inspect` prints when a client says
/// "401 after sign-in".
///
/// Runs the verifier's own list of named checks (``TokenCheck/ordered``) without stopping at a failure: every check
/// whose inputs an earlier failure did not remove, so one run shows every problem. The first failure is the
/// ``verdict`` — exactly what the verifier answers — and ``httpStatus`` the answer a server gives. Claim checks after
/// a failed signature are reported on **unverified** claims and say so.
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

    /// The HTTP status a server using this verifier answers the token with (``TokenVerificationError/httpStatus``:
    /// 400, 401, 403 or 503), or 200 when it accepts it.
    public var httpStatus: Int { verdict?.httpStatus ?? 200 }

    /// Inspects `token` against `verifier`'s issuers for `resource`: ``TokenCheck/ordered``, every check run whose
    /// inputs exist (no cache), then the scopes as the decision step would check them.
    public init(
        token: String,
        verifier: AccessTokenVerifier,
        resource: ResourceIdentifier,
        requiredScopes: [String] = [],
        now: Double
    ) async {
        var evidence = TokenEvidence(token: Substring(token), resource: resource, now: now)
        for check in TokenCheck.ordered {
            do {
                if try await check.run(&evidence, by: verifier) {
                    record(check.name, passed: true, check.finding(evidence))
                } else {
                    checks.append(Check(name: check.name, passed: nil, detail: "not checked"))
                }
            } catch {
                evidence.failures += 1
                record(check.name, error)
            }
            if check == .format, let jws = evidence.jws {
                header = jws.header.parameters
                claims = evidence.claims
                noteEmbeddedKeys(jws.header)
            }
        }
        guard let verified = evidence.verified else {
            checks.append(Check(name: "scope", passed: nil, detail: "not checked"))
            return
        }
        do {
            try ClaimChecks.checkScopes(verified, required: requiredScopes)
            record(
                "scope", passed: true,
                requiredScopes.isEmpty ? "no scopes required" : "grants \(requiredScopes.joined(separator: " "))")
        } catch {
            record("scope", error)
        }
    }

    /// Keys carried in the header are worth a line: some verifiers trust them; this one never does.
    private mutating func noteEmbeddedKeys(_ header: JOSEHeader) {
        guard !header.embeddedKeyParameters.isEmpty else { return }
        record(
            "embedded keys", passed: true,
            "header carries \(header.embeddedKeyParameters.joined(separator: ", ")); ignored, keys come only from the issuer"
        )
    }

    private mutating func record(_ name: String, passed: Bool, _ detail: String) {
        checks.append(Check(name: name, passed: passed, detail: detail))
    }

    private mutating func record(_ name: String, _ error: TokenVerificationError) {
        checks.append(Check(name: name, passed: false, detail: "\(error.code): \(error.reason)"))
        if verdict == nil { verdict = error }
    }
}
