/// The protected header of a JWS (RFC 7515 §4), reduced to what verification needs.
///
/// Key-carrying parameters (`jwk`, `jku`, `x5u`, `x5c`) are recorded only so diagnostics can mention them;
/// they are never used to find or build a key (RFC 8725 §3.10, DESIGN.md §4).
public struct JOSEHeader: Sendable, Hashable {
    /// `alg`, exactly as written.
    public let algorithmName: String
    /// `kid`: opaque data compared byte for byte, never used as a path or in any lookup but a dictionary.
    public let keyID: String?
    /// `typ`, exactly as written.
    public let type: String?
    /// `cty`, exactly as written.
    public let contentType: String?
    /// `crit`: names of extensions the producer says must be understood.
    public let critical: [String]
    /// Names of key-carrying parameters present in the header (ignored for trust).
    public let embeddedKeyParameters: [String]
    /// Every header parameter.
    public let parameters: [String: JSONValue]

    /// Reads the header object. Throws a ``TokenVerificationError`` with code `.malformedToken` for wrong types.
    public init(parameters: [String: JSONValue]) throws(TokenVerificationError) {
        self.parameters = parameters
        // One pass over the (small) header rather than a lookup per known name.
        var algorithmName: String?
        var keyID: String?
        var type: String?
        var contentType: String?
        var critical: [String] = []
        var embedded: [String] = []
        for (name, value) in parameters {
            switch name {
            case "alg":
                guard let string = value.stringValue else {
                    throw TokenVerificationError(.malformedToken, "the JOSE header \"alg\" is not a string")
                }
                algorithmName = string
            case "kid": keyID = try Self.string(name, value)
            case "typ": type = try Self.string(name, value)
            case "cty": contentType = try Self.string(name, value)
            case "crit":
                // RFC 7515 §4.1.11: an array of one or more unique strings, never empty.
                guard let elements = value.arrayValue, !elements.isEmpty else {
                    throw Self.malformedCritical
                }
                let names = elements.compactMap(\.stringValue)
                guard names.count == elements.count, Set(names).count == names.count else {
                    throw Self.malformedCritical
                }
                critical = names
            case "jwk", "jku", "x5u", "x5c":
                embedded.append(name)
            default:
                continue
            }
        }
        guard let algorithmName else {
            throw TokenVerificationError(.malformedToken, "the JOSE header has no \"alg\"")
        }
        self.algorithmName = algorithmName
        self.keyID = keyID
        self.type = type
        self.contentType = contentType
        self.critical = critical
        self.embeddedKeyParameters = embedded.sorted()
    }

    private static let malformedCritical = TokenVerificationError(
        .malformedToken,
        "the JOSE header \"crit\" is not a non-empty list of unique names"
    )

    private static func string(_ name: String, _ value: JSONValue) throws(TokenVerificationError) -> String {
        guard let string = value.stringValue else {
            throw TokenVerificationError(.malformedToken, "the JOSE header \"\(name)\" is not a string")
        }
        return string
    }

}
