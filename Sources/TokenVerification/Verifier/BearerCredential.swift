/// Extracts the bearer token from an `Authorization` header value (RFC 6750 §2.1, RFC 9110 §11.4).
///
/// The scheme compares case-insensitively; exactly one space-separated token68 must follow. Anything else with
/// the `Bearer` scheme is a malformed request (400 `invalid_request`); another scheme, or no header, means no
/// bearer credential was offered (401 without `error`, RFC 6750 §3.1).
public enum BearerCredential {
    /// Returns the token in `authorization`.
    /// - Parameter authorization: the header value, or `nil` if the request has none.
    public static func token(from authorization: String?) throws(TokenVerificationError) -> Substring {
        guard let authorization else {
            throw TokenVerificationError(.missingCredential, "the request has no bearer token")
        }
        let spaceIndex = authorization.firstIndex(of: " ")
        let scheme = authorization[..<(spaceIndex ?? authorization.endIndex)]
        guard scheme.lowercased() == "bearer" else {
            throw TokenVerificationError(.missingCredential, "the request has no bearer token")
        }
        guard let schemeEnd = spaceIndex else {
            throw TokenVerificationError(.malformedRequest, "the Authorization header has no token after \"Bearer\"")
        }
        let token = authorization[authorization.index(after: schemeEnd)...]
        // RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        guard !token.isEmpty, token.utf8.allSatisfy(Self.isToken68) else {
            throw TokenVerificationError(
                .malformedRequest,
                "the Authorization header must be \"Bearer\" followed by exactly one token"
            )
        }
        return token
    }

    private static func isToken68(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
