import GatehouseTesting
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
                "format", "iss", "alg", "crit", "typ", "signature", "claims", "exp", "nbf", "iat", "aud", "scope",
            ])
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
        let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")
        let inspection = await inspect(tampered)
        #expect(inspection.checks.first { $0.name == "signature" }?.passed == false)
        #expect(inspection.checks.first { $0.name == "aud" }?.detail.contains("NOT verified") == true)
    }

    @Test("an unparseable token stops at format")
    func unparseable() async {
        let inspection = await inspect("not-a-token")
        #expect(inspection.checks.map(\.name) == ["format"])
        #expect(inspection.verdict?.code == .malformedToken)
    }
}
