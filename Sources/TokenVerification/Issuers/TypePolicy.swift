/// Which JWS `typ` values an issuer's access tokens may carry (RFC 9068 §2.1, RFC 8725 §3.11).
///
/// Explicit typing stops other JWTs of the same issuer (ID tokens, logout tokens, DPoP proofs) from being
/// replayed as access tokens. Media types compare case-insensitively and the `application/` prefix is optional
/// (RFC 7515 §4.1.9). Whatever the policy, a `typ` naming another kind of token is always refused.
public struct TypePolicy: Sendable, Hashable, CustomStringConvertible {
    let allowsMissing: Bool
    let allowsJWT: Bool

    /// Only `at+jwt` (the default; what RFC 9068 requires of issuers).
    public static let accessToken = TypePolicy(allowsMissing: false, allowsJWT: false)
    /// `at+jwt`, or no `typ` at all (for providers that omit it).
    public static let accessTokenOrUntyped = TypePolicy(allowsMissing: true, allowsJWT: false)
    /// `at+jwt`, `JWT`, or no `typ` (for providers that type access tokens as plain JWTs, such as Keycloak).
    public static let accessTokenOrJWT = TypePolicy(allowsMissing: true, allowsJWT: true)

    public var description: String {
        switch (allowsMissing, allowsJWT) {
        case (false, _): return "at+jwt required"
        case (true, false): return "at+jwt or absent"
        case (true, true): return "at+jwt, JWT or absent"
        }
    }

    /// Whether `type` names `subtype` (lowercase ASCII), with or without the `application/` prefix, ignoring ASCII
    /// case. Compares bytes without allocating.
    static func isMediaType(_ type: String, _ subtype: StaticString) -> Bool {
        let prefix: StaticString = "application/"
        var utf8 = Substring(type).utf8
        if utf8.count == prefix.utf8CodeUnitCount + subtype.utf8CodeUnitCount {
            guard equalsIgnoringCase(utf8.prefix(prefix.utf8CodeUnitCount), prefix) else { return false }
            utf8 = utf8.dropFirst(prefix.utf8CodeUnitCount)
        }
        return equalsIgnoringCase(utf8, subtype)
    }

    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        for (byte, wanted) in zip(bytes, expected) {
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if folded != wanted { return false }
        }
        return true
    }

    /// Checks a header's `typ`.
    public func check(_ type: String?) throws(TokenVerificationError) {
        guard let type else {
            if allowsMissing { return }
            throw TokenVerificationError(.invalidType, "the token has no \"typ\"; this issuer requires \"at+jwt\"")
        }
        if Self.isMediaType(type, "at+jwt") { return }
        if allowsJWT && Self.isMediaType(type, "jwt") { return }
        throw TokenVerificationError(
            .invalidType,
            "the token's \"typ\" is \"\(type.prefix(32))\"; this issuer requires \(description)"
        )
    }
}
