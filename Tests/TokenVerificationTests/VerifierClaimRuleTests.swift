import GatehouseTesting
import Testing
import TokenVerification

@Suite("Verifier: claims, time, audience and scopes (RFC 7519 §4.1, RFC 9068 §4, RFC 8707)")
struct VerifierClaimRuleTests {
    func token(_ claims: [String: JSONValue]) throws -> String { try Fixtures.es256.sign(claims: claims) }

    func at(_ time: Double, leeway: Double = 60) -> AccessTokenVerifier {
        Fixtures.verifier(
            policy: IssuerPolicy(issuer: Fixtures.issuerName, leeway: leeway), clock: ManualWallClock(time))
    }

    @Test("exp: accepted until exp + leeway, refused from then on")
    func expiryEdges() async throws {
        let exp = Fixtures.now + 590  // claims(): iat = now - 10, lifetime 600
        let token = try token(Fixtures.claims())
        #expect(await Fixtures.rejection(token, verifier: at(exp - 1, leeway: 0)) == nil)
        #expect(await Fixtures.rejection(token, verifier: at(exp, leeway: 0))?.code == .expired)
        #expect(await Fixtures.rejection(token, verifier: at(exp + 59)) == nil)
        #expect(await Fixtures.rejection(token, verifier: at(exp + 60))?.code == .expired)
    }

    @Test("nbf and iat: refused while more than the leeway in the future")
    func notBeforeEdges() async throws {
        let future = Fixtures.now + 100
        let nbf = try token(
            Fixtures.claims(extra: ["nbf": .number("\(Int(future))"), "iat": .number("\(Int(Fixtures.now))")]))
        #expect(await Fixtures.rejection(nbf, verifier: at(future - 61))?.code == .notYetValid)
        #expect(await Fixtures.rejection(nbf, verifier: at(future - 60)) == nil)
        let iat = try token(
            Fixtures.claims(
                extra: ["iat": .number("\(Int(future))"), "nbf": nil].compactMapValues { $0 == .null ? nil : $0 }))
        #expect(await Fixtures.rejection(iat, verifier: at(future - 61))?.code == .issuedInFuture)
        #expect(await Fixtures.rejection(iat, verifier: at(future - 60)) == nil)
    }

    @Test(
        "dates must be NumericDates within range",
        arguments: [
            JSONValue.string("1800000600"), .number("1e400"), .number("-1"), .number("253402300800"), .bool(true),
            .null, .array([.number("1800000600")]),
        ]
    )
    func badDates(_ value: JSONValue) async throws {
        #expect(await Fixtures.rejection(try token(Fixtures.claims(extra: ["exp": value])))?.code == .invalidClaim)
        #expect(await Fixtures.rejection(try token(Fixtures.claims(extra: ["nbf": value])))?.code == .invalidClaim)
    }

    @Test("fractional NumericDates are allowed (RFC 7519 §2)")
    func fractionalDate() async throws {
        #expect(await Fixtures.rejection(try token(Fixtures.claims(extra: ["exp": .number("1800000300.5")]))) == nil)
    }

    @Test("exp is always required; so are RFC 9068's claims by default, and a custom list is honoured")
    func requiredClaims() async throws {
        for name in ["exp", "sub", "client_id", "iat", "jti"] {
            let claims = Fixtures.claims().filter { $0.key != name }
            #expect(await Fixtures.rejection(try token(claims))?.code == .missingClaim, "\(name)")
        }
        let relaxed = IssuerPolicy(issuer: Fixtures.issuerName, requiredClaims: ["iss", "exp", "aud"])
        let noJTI = Fixtures.claims().filter { $0.key != "jti" && $0.key != "client_id" }
        #expect(await Fixtures.rejection(try token(noJTI), verifier: Fixtures.verifier(policy: relaxed)) == nil)
        let noExp = Fixtures.claims().filter { $0.key != "exp" }
        #expect(
            await Fixtures.rejection(try token(noExp), verifier: Fixtures.verifier(policy: relaxed))?.code
                == .missingClaim)
    }

    @Test("claims used by the verifier must have the right type")
    func claimTypes() async throws {
        for (name, value) in [
            ("sub", JSONValue.number("1")), ("client_id", .bool(true)), ("jti", .array([])), ("cnf", "x"),
            ("aud", .array([])), ("aud", .array([.number("1")])), ("aud", .number("3")),
        ] {
            #expect(
                await Fixtures.rejection(try token(Fixtures.claims(extra: [name: value])))?.code == .invalidClaim,
                "\(name)")
        }
    }

    @Test("aud must name this resource; a token for another resource is refused")
    func audience() async throws {
        let other = try token(Fixtures.claims(audience: ["https://mcp.test/mcp/openai"]))
        #expect(await Fixtures.rejection(other)?.code == .audienceMismatch)
        let clientID = try token(Fixtures.claims(audience: ["gatehouse-dev-client"]))
        #expect(await Fixtures.rejection(clientID)?.code == .audienceMismatch)
        let none = try token(Fixtures.claims().filter { $0.key != "aud" })
        #expect(await Fixtures.rejection(none)?.code == .missingClaim)
        let array = try token(Fixtures.claims(audience: ["https://other.test", Fixtures.resourceURI]))
        #expect(await Fixtures.rejection(array) == nil)
        let prefix = try token(Fixtures.claims(audience: ["https://mcp.test/mcp"]))
        #expect(await Fixtures.rejection(prefix)?.code == .audienceMismatch)
    }

    @Test("aud is compared canonically: scheme/host case and default port do not matter")
    func canonicalAudience() async throws {
        for aud in ["HTTPS://MCP.test/mcp/claude", "https://mcp.test:443/mcp/claude", "https://mcp.test/mcp/claude#x"] {
            #expect(await Fixtures.rejection(try token(Fixtures.claims(audience: [aud]))) == nil, "\(aud)")
        }
        for aud in [
            "https://mcp.test/MCP/claude", "http://mcp.test/mcp/claude", "https://mcp.test:8443/mcp/claude",
            "https://user@mcp.test/mcp/claude",
        ] {
            #expect(
                await Fixtures.rejection(try token(Fixtures.claims(audience: [aud])))?.code == .audienceMismatch,
                "\(aud)")
        }
    }

    @Test("trailing slash: always equal on host-only URIs; significant on paths unless configured")
    func trailingSlash() async throws {
        let hostOnly = ResourceIdentifier("https://mcp.test")!
        #expect(
            await Fixtures.rejection(try token(Fixtures.claims(audience: ["https://mcp.test/"])), resource: hostOnly)
                == nil)
        let slashed = try token(Fixtures.claims(audience: [Fixtures.resourceURI + "/"]))
        #expect(await Fixtures.rejection(slashed)?.code == .audienceMismatch)
        var policy = IssuerPolicy(issuer: Fixtures.issuerName)
        policy.audiencePolicy.trailingSlash = .ignored
        let verifier = Fixtures.verifier(policy: policy)
        let verification = try await verifier.verification(of: Substring(slashed), resource: Fixtures.resource)
        #expect(verification.audienceMatch == .trailingSlash)
    }

    @Test("additional audiences are accepted only when configured, and say so")
    func additionalAudiences() async throws {
        let legacy = try token(Fixtures.claims(audience: ["api://notes"]))
        #expect(await Fixtures.rejection(legacy)?.code == .audienceMismatch)
        let policy = IssuerPolicy(
            issuer: Fixtures.issuerName, audiencePolicy: AudiencePolicy(additionalAudiences: ["api://notes"]))
        let verification = try await Fixtures.verifier(policy: policy).verification(
            of: Substring(legacy), resource: Fixtures.resource)
        #expect(verification.audienceMatch == .additionalAudience("api://notes"))
    }

    @Test("scopes come from scope or scp as configured; missing ones give insufficient_scope with the full list")
    func scopes() async throws {
        let granted = try token(Fixtures.claims(scopes: ["notes.read", "notes.write"]))
        #expect(await Fixtures.rejection(granted, scopes: ["notes.read", "notes.write"]) == nil)
        let error = await Fixtures.rejection(
            try token(Fixtures.claims(scopes: ["notes.read"])), scopes: ["notes.read", "notes.write"])
        #expect(error?.code == .insufficientScope)
        #expect(error?.bearerError == .insufficientScope)
        #expect(error?.requiredScopes == ["notes.read", "notes.write"])

        let scp = try token(Fixtures.claims(scopes: [], extra: ["scp": ["notes.read", "notes.write"]]))
        #expect(await Fixtures.rejection(scp, scopes: ["notes.read"])?.code == .insufficientScope)
        let scpPolicy = IssuerPolicy(issuer: Fixtures.issuerName, scopeClaim: .scopeOrScp)
        #expect(
            await Fixtures.rejection(scp, verifier: Fixtures.verifier(policy: scpPolicy), scopes: ["notes.write"])
                == nil)
        let malformed = try token(Fixtures.claims(scopes: [], extra: ["scope": "a \"b\""]))
        #expect(await Fixtures.rejection(malformed)?.code == .invalidClaim)
        let wrongType = try token(Fixtures.claims(scopes: [], extra: ["scope": ["a"]]))
        #expect(await Fixtures.rejection(wrongType, verifier: Fixtures.verifier(policy: scpPolicy))?.code == nil)
    }

    @Test("an expired token lacking scopes is invalid_token (401), never insufficient_scope (403)")
    func expiryBeforeScopes() async throws {
        let token = try token(Fixtures.claims(scopes: []))
        let error = await Fixtures.rejection(token, verifier: at(Fixtures.now + 10_000), scopes: ["notes.write"])
        #expect(error?.code == .expired)
        #expect(error?.bearerError == .invalidToken)
        let wrongAudience = try self.token(Fixtures.claims(scopes: [], audience: ["https://elsewhere.test"]))
        #expect(await Fixtures.rejection(wrongAudience, scopes: ["notes.write"])?.code == .audienceMismatch)
    }

    @Test("cnf is exposed for sender-constrained tokens")
    func confirmation() async throws {
        let token = try token(Fixtures.claims(extra: ["cnf": ["jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"]]))
        let verified = try await Fixtures.verifier().verify(token: token, resource: Fixtures.resource)
        #expect(verified.confirmation?["jkt"] == "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
    }
}
