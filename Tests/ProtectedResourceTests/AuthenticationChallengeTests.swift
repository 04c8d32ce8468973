import ProtectedResource
import Testing

@Suite("WWW-Authenticate parsing (RFC 9110 §11.6.1)")
struct AuthenticationChallengeTests {
    @Test func parsesOurOwnChallengesBack() throws {
        let header = BearerChallenge.insufficientScope(
            resourceMetadata: "https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
            requiredScopes: ["notes.read", "notes.write"], description: "needs \"write\" \\ more"
        ).headerValue
        let challenges = try AuthenticationChallenge.parse(header)
        #expect(challenges.count == 1)
        #expect(challenges[0].scheme == "bearer")
        #expect(challenges[0].parameters["error"] == "insufficient_scope")
        #expect(challenges[0].scopes == ["notes.read", "notes.write"])
        #expect(challenges[0].parameters["resource_metadata"]?.hasSuffix("/oauth-protected-resource/mcp") == true)
    }

    @Test func parsesSeveralChallengesTokensAndToken68() throws {
        let challenges = try AuthenticationChallenge.parse(
            #"Basic realm="simple", Bearer error=invalid_token,scope="a b", Newauth abc123=="#)
        #expect(challenges.map(\.scheme) == ["basic", "bearer", "newauth"])
        #expect(challenges[1].parameters == ["error": "invalid_token", "scope": "a b"])
        #expect(challenges[2].token68 == "abc123==")
        #expect(try AuthenticationChallenge.parse("Bearer").first?.parameters == [:])
        #expect(try AuthenticationChallenge.parse("Bearer, Basic").map(\.scheme) == ["bearer", "basic"])
    }

    @Test func refusesBrokenSyntax() {
        #expect(throws: AuthenticationChallenge.ParseError.self) {
            try AuthenticationChallenge.parse(#"Bearer realm="unterminated"#)
        }
        #expect(throws: AuthenticationChallenge.ParseError.self) { try AuthenticationChallenge.parse(#"="x""#) }
        #expect(throws: AuthenticationChallenge.ParseError.self) {
            try AuthenticationChallenge.parse(#"Bearer a="x" "y""#)
        }
    }
}
