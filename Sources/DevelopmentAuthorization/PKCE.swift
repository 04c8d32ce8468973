import Crypto
import TokenVerification

/// Proof Key for Code Exchange (RFC 7636), `S256` only: OAuth 2.1 §4.1.1 and the MCP authorization specification
/// require it, and `plain` protects nothing once the authorization request is seen.
enum PKCE {
    /// Checks an authorization request's `code_challenge` and `code_challenge_method`: the method must be `S256`
    /// (an absent method means `plain`, RFC 7636 §4.3, so it is refused too) and the challenge a base64url SHA-256
    /// digest, 43 characters (§4.2).
    static func checkChallenge(_ challenge: String?, method: String?) throws(OAuthFailure) -> String {
        guard let challenge else {
            throw .invalidRequest("code_challenge is required: this server requires PKCE (RFC 7636) with S256")
        }
        guard method == "S256" else {
            throw .invalidRequest(
                "code_challenge_method must be S256 (given: \(method.map(OAuthFailure.quote) ?? "none, which means plain"))"
            )
        }
        guard challenge.utf8.count == 43, Base64URL.decode(challenge)?.count == 32 else {
            throw .invalidRequest("code_challenge is not a base64url SHA-256 digest (43 characters, RFC 7636 §4.2)")
        }
        return challenge
    }

    /// Checks a token request's `code_verifier` against the stored challenge: 43–128 unreserved characters
    /// (RFC 7636 §4.1) whose SHA-256, base64url, equals the challenge (§4.6).
    static func verify(_ verifier: String?, challenge: String) throws(OAuthFailure) {
        guard let verifier else { throw .invalidGrant("code_verifier is required (PKCE, RFC 7636 §4.5)") }
        let unreserved = verifier.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                true
            default: false
            }
        }
        guard (43...128).contains(verifier.utf8.count), unreserved else {
            throw .invalidGrant("code_verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)")
        }
        let computed = Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
        guard OpaqueToken.same(Array(computed.utf8), Array(challenge.utf8)) else {
            throw .invalidGrant("code_verifier does not match the code_challenge of the authorization request")
        }
    }

}
