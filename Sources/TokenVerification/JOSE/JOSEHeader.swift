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

    /// Header parameters that may carry or point at a key. Present or not, they are not trusted.
    public static let keyCarryingParameters = ["jwk", "jku", "x5u", "x5c"]

    /// Reads the header object. Throws a ``TokenVerificationError`` with code `.malformedToken` for wrong types.
    public init(parameters: [String: JSONValue]) throws(TokenVerificationError) {
        self.parameters = parameters
        guard let alg = parameters["alg"] else {
            throw TokenVerificationError(.malformedToken, "the JOSE header has no \"alg\"")
        }
        guard let algName = alg.stringValue else {
            throw TokenVerificationError(.malformedToken, "the JOSE header \"alg\" is not a string")
        }
        algorithmName = algName
        keyID = try Self.optionalString("kid", in: parameters)
        type = try Self.optionalString("typ", in: parameters)
        contentType = try Self.optionalString("cty", in: parameters)
        if let crit = parameters["crit"] {
            // RFC 7515 §4.1.11: an array of one or more unique strings, never empty.
            guard let names = crit.arrayValue?.compactMap(\.stringValue), names.count == crit.arrayValue?.count,
                !names.isEmpty, Set(names).count == names.count
            else {
                throw TokenVerificationError(
                    .malformedToken, "the JOSE header \"crit\" is not a non-empty list of unique names")
            }
            critical = names
        } else {
            critical = []
        }
        embeddedKeyParameters = Self.keyCarryingParameters.filter { parameters[$0] != nil }
    }

    private static func optionalString(_ name: String, in parameters: [String: JSONValue])
        throws(TokenVerificationError)
        -> String?
    {
        guard let value = parameters[name] else { return nil }
        guard let string = value.stringValue else {
            throw TokenVerificationError(.malformedToken, "the JOSE header \"\(name)\" is not a string")
        }
        return string
    }
}
