import Foundation
import ProtectedResource
import Testing

@Suite("WWW-Authenticate challenges (RFC 6750 §3, RFC 9728 §5.1)")
struct BearerChallengeTests {
    let metadata = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"

    @Test("no token: resource_metadata and scope, no error (RFC 6750 §3.1)")
    func missingToken() {
        let challenge = BearerChallenge.missingToken(resourceMetadata: metadata, scopes: ["notes.read", "notes.write"])
        #expect(
            challenge.headerValue
                == #"Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="notes.read notes.write""#
        )
        #expect(!challenge.headerValue.contains("error"))
    }

    @Test("bad token: invalid_token with a description")
    func invalidToken() {
        let challenge = BearerChallenge.invalidToken(
            resourceMetadata: metadata, scopes: ["notes.read"], description: "the token expired 5 s ago")
        #expect(
            challenge.headerValue
                == #"Bearer resource_metadata="\#(metadata)", scope="notes.read", error="invalid_token", error_description="the token expired 5 s ago""#
        )
    }

    @Test("missing scopes: insufficient_scope listing every scope the operation needs, never offline_access")
    func insufficientScope() {
        let challenge = BearerChallenge.insufficientScope(
            resourceMetadata: metadata, requiredScopes: ["notes.read", "notes.write", "offline_access"],
            description: "needs notes.write")
        #expect(challenge.headerValue.contains(#"scope="notes.read notes.write""#))
        #expect(challenge.headerValue.contains(#"error="insufficient_scope""#))
        #expect(!challenge.headerValue.contains("offline_access"))
    }

    @Test("hostile values cannot break the header: quotes, backslashes, CR/LF and non-ASCII are neutralized")
    func hostileValues() {
        let challenge = BearerChallenge.invalidToken(
            resourceMetadata: "https://h/x\"y\\z\r\n",
            scopes: ["a\"b", "c\r\nd"],
            description: "kid \"x\", error=\"none\"\r\nSet-Cookie: a=b é"
        )
        let value = challenge.headerValue
        #expect(!value.contains("\r") && !value.contains("\n"))
        #expect(value.contains(#"resource_metadata="https://h/x\"y\\z??""#))
        #expect(value.contains(#"scope="a?b c??d""#))
        #expect(value.contains(#"error_description="kid ?x?, error=?none???Set-Cookie: a=b ?""#))
        // Exactly one error parameter, whatever the description says.
        #expect(value.components(separatedBy: "error=\"").count == 2)
    }

    @Test("a description is only written with an error")
    func descriptionNeedsError() {
        let challenge = BearerChallenge(resourceMetadata: metadata, errorDescription: "ignored")
        #expect(!challenge.headerValue.contains("error_description"))
    }
}
