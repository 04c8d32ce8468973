/// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but **not verified**.
///
/// Parsing is strict: exactly three non-empty base64url parts, each canonical (see ``Base64URL``), a header and
/// payload that are UTF-8 JSON objects without duplicate members. Five-part tokens are JWE (RFC 7516) and are
/// rejected; so are unsecured JWS (`alg: none`, or an empty signature).
public struct CompactJWS: Sendable {
    /// The decoded protected header.
    public let header: JOSEHeader
    /// The decoded payload (for a JWT: the claims set, see ``claims(parser:)``).
    public let payload: [UInt8]
    /// The bytes that were signed: `BASE64URL(header) '.' BASE64URL(payload)` (RFC 7515 §5.1 step 8).
    public let signingInput: ArraySlice<UInt8>
    /// The decoded signature.
    public let signature: [UInt8]

    /// The JWT claims set: the payload as a JSON object without duplicate members (RFC 7519 §7.2 step 10).
    public func claims(parser: StrictJSONParser = StrictJSONParser()) throws(TokenVerificationError) -> [String:
        JSONValue]
    {
        do {
            return try parser.parseObject(payload)
        } catch {
            throw TokenVerificationError(.malformedToken, "the payload is not a valid JSON object: \(error)")
        }
    }

    /// Parses `token`.
    /// - Parameters:
    ///   - token: the compact serialization.
    ///   - maximumLength: applied before any decoding, so an oversized token costs nothing.
    ///   - parser: the JSON parser to use.
    public init(
        _ token: some StringProtocol,
        maximumLength: Int = 8192,
        parser: StrictJSONParser = StrictJSONParser()
    ) throws(TokenVerificationError) {
        let utf8 = token.utf8
        guard utf8.count <= maximumLength else {
            throw TokenVerificationError(.tokenTooLarge, "the token is longer than \(maximumLength) bytes")
        }
        // A contiguous copy (memcpy); `Array(utf8)` on a Substring would copy byte by byte.
        let bytes = utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(String(token).utf8)
        var dots: (Int, Int) = (-1, -1)
        var dotCount = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            switch dotCount {
            case 0: dots.0 = index
            case 1: dots.1 = index
            default: break
            }
            dotCount += 1
        }
        switch dotCount {
        case 2: break
        case 4:
            throw TokenVerificationError(
                .encryptedToken,
                "the token is a JWE (five parts); only signed JWTs are accepted"
            )
        default: throw TokenVerificationError(.malformedToken, "the token does not have three dot-separated parts")
        }
        let headerPart = bytes[0..<dots.0]
        let payloadPart = bytes[(dots.0 + 1)..<dots.1]
        let signaturePart = bytes[(dots.1 + 1)...]
        guard !headerPart.isEmpty else {
            throw TokenVerificationError(.malformedToken, "the token has an empty header")
        }
        guard let headerBytes = Base64URL.decode(headerPart) else {
            throw TokenVerificationError(.malformedToken, "the header is not canonical base64url")
        }
        let headerObject: [String: JSONValue]
        do {
            headerObject = try parser.parseObject(headerBytes)
        } catch {
            throw TokenVerificationError(.malformedToken, "the header is not a valid JSON object: \(error)")
        }
        header = try JOSEHeader(parameters: headerObject)
        if header.algorithmName.lowercased() == "none" || signaturePart.isEmpty {
            throw TokenVerificationError(
                .unsecuredToken, "unsecured JWTs (alg \"none\" or no signature) are never accepted")
        }
        guard let signatureBytes = Base64URL.decode(signaturePart) else {
            throw TokenVerificationError(.malformedToken, "the signature is not canonical base64url")
        }
        guard let payloadBytes = Base64URL.decode(payloadPart) else {
            throw TokenVerificationError(.malformedToken, "the payload is not canonical base64url")
        }
        if let contentType = header.contentType, contentType.uppercased() == "JWT" {
            throw TokenVerificationError(.nestedToken, "nested JWTs (cty \"JWT\") are not accepted")
        }
        payload = payloadBytes
        signingInput = bytes[0..<dots.1]
        signature = signatureBytes
    }
}
