import GatehouseTesting
import Synchronization
import Testing
import TokenVerification

@Suite("TokenInspection: every check reported, same verdict as the verifier")
struct TokenInspectionTests {
    func inspect(_ token: String, scopes: [String] = [], now: Double = Fixtures.now) async -> TokenInspection {
        await TokenInspection(
            token: token, verifier: Fixtures.verifier(), resource: Fixtures.resource, requiredScopes: scopes, now: now)
    }

    @Test("a good token passes every check")
    func accepted() async throws {
        let inspection = await inspect(try Fixtures.es256.sign(claims: Fixtures.claims()), scopes: ["notes.read"])
        #expect(inspection.verdict == nil)
        #expect(inspection.checks.allSatisfy { $0.passed == true })
        #expect(
            inspection.checks.map(\.name) == [
                "format", "iss", "alg", "crit", "typ", "signature", "claims", "exp", "nbf", "iat", "aud", "active",
                "scope",
            ])
        #expect(inspection.checks.dropLast().map(\.name) == TokenCheck.ordered.map(\.name))
        #expect(inspection.httpStatus == 200)
    }

    @Test("several problems are all reported; the verdict is the verifier's first")
    func severalProblems() async throws {
        let claims = Fixtures.claims(scopes: [], audience: ["https://elsewhere.test"])
        let token = try Fixtures.es256.sign(claims: claims, header: ["typ": "JWT"])
        let inspection = await inspect(token, scopes: ["notes.write"], now: Fixtures.now + 10_000)
        let failed = inspection.checks.filter { $0.passed == false }.map(\.name)
        #expect(failed == ["typ", "exp", "aud", "scope"])
        #expect(inspection.verdict?.code == .invalidType)
        let verifierError = await Fixtures.rejection(
            token, verifier: Fixtures.verifier(clock: ManualWallClock(Fixtures.now + 10_000)), scopes: ["notes.write"])
        #expect(verifierError?.code == inspection.verdict?.code)
    }

    @Test("claims after a failed signature are labelled unverified")
    func unverifiedClaims() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let tampered = AlteredSignature.of(token)
        let inspection = await inspect(tampered)
        #expect(inspection.checks.first { $0.name == "signature" }?.passed == false)
        #expect(inspection.checks.first { $0.name == "aud" }?.detail.contains("NOT verified") == true)
    }

    @Test("AlteredSignature: the token still parses and fails on its signature, whatever its signature ends with")
    func alteredSignature() async throws {
        // ES256 signatures are random, so 300 of them end in every last character a P-256 signature can have.
        for _ in 0..<300 {
            let token = try Fixtures.es256.sign(claims: Fixtures.claims())
            #expect(await Fixtures.rejection(token) == nil)
            #expect(await Fixtures.rejection(AlteredSignature.of(token))?.code == .invalidSignature)
        }
        #expect(AlteredSignature.of("a.b.") == "a.b.A")
    }

    @Test("an unparseable token fails format and nothing else runs")
    func unparseable() async {
        let inspection = await inspect("not-a-token")
        #expect(inspection.checks.first?.name == "format")
        #expect(inspection.checks.first?.passed == false)
        #expect(inspection.checks.dropFirst().allSatisfy { $0.passed == nil })
        #expect(inspection.verdict?.code == .malformedToken)
        #expect(inspection.httpStatus == 401)
    }

    @Test("unreachable keys: the signature check fails with keys_unavailable and the answer is 503, as the server's")
    func keysUnavailable() async throws {
        let verifier = Fixtures.verifier(keys: UnreachableKeys())
        let inspection = await TokenInspection(
            token: try Fixtures.es256.sign(claims: Fixtures.claims()), verifier: verifier,
            resource: Fixtures.resource, now: Fixtures.now)
        #expect(inspection.checks.first { $0.name == "signature" }?.passed == false)
        #expect(inspection.verdict?.code == .keysUnavailable)
        #expect(inspection.httpStatus == 503)
        // Claims are still reported, marked unverified; introspection is never asked about an unverified token.
        #expect(inspection.checks.first { $0.name == "aud" }?.detail.contains("NOT verified") == true)
        #expect(inspection.checks.first { $0.name == "active" }?.passed == nil)
    }

    @Test("introspection is asked only when every earlier check passed, as the server asks")
    func introspectsOnlyWhatTheServerWould() async throws {
        let checker = CountingStatusChecker()
        let verifier = AccessTokenVerifier(
            registry: try IssuerRegistry([
                TrustedIssuer(
                    policy: IssuerPolicy(issuer: Fixtures.issuerName),
                    keys: StaticKeyProvider(try Fixtures.issuer.keySet()), introspector: checker)
            ]), cache: nil)
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let expired = await TokenInspection(
            token: token, verifier: verifier, resource: Fixtures.resource, now: Fixtures.now + 10_000)
        #expect(expired.verdict?.code == .expired)
        #expect(expired.checks.first { $0.name == "active" }?.passed == nil)
        #expect(checker.calls.withLock { $0 } == 0)
        let good = await TokenInspection(
            token: token, verifier: verifier, resource: Fixtures.resource, now: Fixtures.now)
        #expect(good.verdict == nil)
        #expect(checker.calls.withLock { $0 } == 1)
    }

    @Test("every failure code has one HTTP status: 400, 401, 403 or 503")
    func statusMapping() {
        let codes: [TokenVerificationError.Code: Int] = [
            .missingCredential: 401, .malformedRequest: 400, .tokenTooLarge: 401, .malformedToken: 401,
            .unsecuredToken: 401, .encryptedToken: 401, .nestedToken: 401, .algorithmNotAllowed: 401,
            .unsupportedCriticalHeader: 401, .invalidType: 401, .unknownIssuer: 401, .unknownKey: 401,
            .invalidSignature: 401, .keysUnavailable: 503, .expired: 401, .notYetValid: 401, .issuedInFuture: 401,
            .missingClaim: 401, .invalidClaim: 401, .audienceMismatch: 401, .revoked: 401, .insufficientScope: 403,
        ]
        for (code, status) in codes { #expect(code.httpStatus == status, "\(code)") }
    }
}

/// Reports every token active, counting how often it was asked.
final class CountingStatusChecker: TokenStatusChecker {
    let calls = Mutex(0)

    func isActive(_ token: Substring, expiresAt: Double) async throws(TokenVerificationError) -> Bool {
        calls.withLock { $0 += 1 }
        return true
    }
}
