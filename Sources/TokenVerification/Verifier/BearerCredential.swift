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
        // One pass over contiguous UTF-8 (header values are native strings): scheme, one space, token68 bytes.
        let shape =
            authorization.utf8.withContiguousStorageIfAvailable(Self.shape) ?? Self.shape(Array(authorization.utf8))
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

    private static func shape(_ bytes: some RandomAccessCollection<UInt8>) -> Shape {
        let scheme = Array("bearer".utf8)
        var index = bytes.startIndex
        for expected in scheme {
            guard index != bytes.endIndex, bytes[index] | 0x20 == expected else { return .otherScheme }
            index = bytes.index(after: index)
        }
        guard index != bytes.endIndex else { return .noToken }
        guard bytes[index] == UInt8(ascii: " ") else { return .otherScheme }
        index = bytes.index(after: index)
        let tokenStart = index
        // RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        guard tokenStart != bytes.endIndex else { return .malformed }
        while index != bytes.endIndex {
            guard isToken68(bytes[index]) else { return .malformed }
            index = bytes.index(after: index)
        }
        return .token(offset: bytes.distance(from: bytes.startIndex, to: tokenStart))
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
