/// Extracts the bearer token from an `Authorization` header value (RFC 6750 §2.1, RFC 9110 §11.4).
///
/// The scheme compares case-insensitively; one or more spaces (`1*SP`) and exactly one b64token must follow.
/// Anything else after `Bearer` (a tab, a comma, a second token) is a malformed request (400 `invalid_request`);
/// another scheme (`Bearer` followed by a token character, as in `Bearerx`), or no header, means no bearer
/// credential was offered (401 without `error`, RFC 6750 §3.1).
public enum BearerCredential {
    /// Returns the token in `authorization`.
    /// - Parameter authorization: the header value, or `nil` if the request has none.
    public static func token(from authorization: String?) throws(TokenVerificationError) -> Substring {
        guard var authorization else {
            throw TokenVerificationError(.missingCredential, "the request has no bearer token")
        }
        // One pass over contiguous UTF-8 (header values are native strings): scheme, spaces, b64token bytes.
        let shape = authorization.withUTF8(Self.shape)
        switch shape {
        case .otherScheme:
            throw TokenVerificationError(.missingCredential, "the request has no bearer token")
        case .noToken:
            throw TokenVerificationError(.malformedRequest, "the Authorization header has no token after \"Bearer\"")
        case .malformed:
            throw TokenVerificationError(
                .malformedRequest,
                "the Authorization header must be \"Bearer\" followed by exactly one token"
            )
        case .token(let offset):
            let start = authorization.utf8.index(authorization.utf8.startIndex, offsetBy: offset)
            return authorization[start...]
        }
    }

    private enum Shape {
        case otherScheme
        case noToken
        case malformed
        case token(offset: Int)
    }

    private static func shape(_ bytes: UnsafeBufferPointer<UInt8>) -> Shape {
        let scheme = 6  // "bearer"
        guard bytes.count >= scheme else { return .otherScheme }
        // ASCII letters only, so `| 0x20` folds case without touching anything that is not a letter.
        guard bytes[0] | 0x20 == UInt8(ascii: "b"), bytes[1] | 0x20 == UInt8(ascii: "e"),
            bytes[2] | 0x20 == UInt8(ascii: "a"), bytes[3] | 0x20 == UInt8(ascii: "r"),
            bytes[4] | 0x20 == UInt8(ascii: "e"), bytes[5] | 0x20 == UInt8(ascii: "r")
        else { return .otherScheme }
        guard bytes.count > scheme else { return .noToken }
        guard bytes[scheme] == UInt8(ascii: " ") else {
            // RFC 9110 §11.1: an auth-scheme is a token, so "Bearerx" names another scheme; "Bearer\t…" names none.
            return isTokenCharacter(bytes[scheme]) ? .otherScheme : .malformed
        }
        // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token
        var tokenStart = scheme + 1
        while tokenStart < bytes.count, bytes[tokenStart] == UInt8(ascii: " ") { tokenStart += 1 }
        // RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        var index = tokenStart
        while index < bytes.count, isB64TokenCharacter(bytes[index]) { index += 1 }
        guard index > tokenStart else { return tokenStart == bytes.count ? .noToken : .malformed }
        while index < bytes.count, bytes[index] == UInt8(ascii: "=") { index += 1 }
        return index == bytes.count ? .token(offset: tokenStart) : .malformed
    }

    /// A b64token character other than the trailing `=`: a bit test per byte (the header is read on every request,
    /// and a token is hundreds of bytes).
    @inline(__always)
    private static func isB64TokenCharacter(_ byte: UInt8) -> Bool {
        // Bit n of the pair is set when ASCII byte n is ALPHA, DIGIT, "-", ".", "_", "~", "+" or "/"; the test in
        // BearerCredentialTests.alphabet checks all 128 against that list.
        let below64: UInt64 = 0x03FF_E800_0000_0000
        let from64: UInt64 = 0x47FF_FFFE_87FF_FFFE
        if byte < 64 { return below64 >> byte & 1 == 1 }
        return byte < 128 && from64 >> (byte - 64) & 1 == 1
    }

    /// RFC 9110 §5.6.2 `tchar`: the characters of a token such as an auth-scheme (read only when no space follows
    /// "Bearer", so not on the request path).
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
