/// A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3) with the MCP parameters (RFC 9728 §5.1
/// `resource_metadata`), in a fixed parameter order: `resource_metadata`, `scope`, `error`, `error_description`.
///
/// - No token sent: no `error` (RFC 6750 §3.1) — ``missingToken(resourceMetadata:scopes:)``.
/// - Bad token: `error="invalid_token"` plus a short description — ``invalidToken(resourceMetadata:scopes:description:)``.
/// - Valid token lacking scopes (403): `error="insufficient_scope"` with every scope the operation needs.
/// - Malformed request (400): `error="invalid_request"`.
///
/// Values are RFC 9110 quoted-strings. `scope` and `error_description` may only contain the characters RFC 6750
/// allows (`%x20-21 / %x23-5B / %x5D-7E`); anything else is replaced by `?`, so a hostile value can never break the
/// header's framing or smuggle a parameter.
public struct BearerChallenge: Sendable, Hashable, CustomStringConvertible {
    /// RFC 6750 §3.1 error codes.
    public struct ErrorCode: Sendable, Hashable {
        /// The name written in the header.
        public let name: String
        /// 400.
        public static let invalidRequest = ErrorCode(name: "invalid_request")
        /// 401.
        public static let invalidToken = ErrorCode(name: "invalid_token")
        /// 403.
        public static let insufficientScope = ErrorCode(name: "insufficient_scope")
    }

    /// The protected-resource metadata URL.
    public var resourceMetadata: String?
    /// Scopes the operation needs (space-delimited in the header).
    public var scopes: [String]
    /// The error, or `nil` when no token was sent.
    public var error: ErrorCode?
    /// A short, non-secret explanation.
    public var errorDescription: String?

    /// Creates a challenge.
    public init(
        resourceMetadata: String?, scopes: [String] = [], error: ErrorCode? = nil, errorDescription: String? = nil
    ) {
        self.resourceMetadata = resourceMetadata
        self.scopes = scopes
        self.error = error
        self.errorDescription = errorDescription
    }

    /// The request carried no token: 401 without `error`.
    public static func missingToken(resourceMetadata: String, scopes: [String]) -> BearerChallenge {
        BearerChallenge(resourceMetadata: resourceMetadata, scopes: scopes)
    }

    /// The token was rejected: 401 `invalid_token`.
    public static func invalidToken(resourceMetadata: String, scopes: [String], description: String) -> BearerChallenge
    {
        BearerChallenge(
            resourceMetadata: resourceMetadata, scopes: scopes, error: .invalidToken, errorDescription: description)
    }

    /// The token is valid but lacks scopes: 403 `insufficient_scope` with every scope the operation needs.
    public static func insufficientScope(resourceMetadata: String, requiredScopes: [String], description: String)
        -> BearerChallenge
    {
        BearerChallenge(
            resourceMetadata: resourceMetadata, scopes: requiredScopes, error: .insufficientScope,
            errorDescription: description)
    }

    /// The header value.
    public var headerValue: String {
        var parameters: [String] = []
        if let resourceMetadata {
            parameters.append("resource_metadata=\(Self.quoted(resourceMetadata, restricted: false))")
        }
        let scopeList = scopes.filter { $0 != "offline_access" && !$0.isEmpty }
        if !scopeList.isEmpty {
            parameters.append("scope=\(Self.quoted(scopeList.joined(separator: " "), restricted: true))")
        }
        if let error { parameters.append("error=\"\(error.name)\"") }
        if let errorDescription, error != nil {
            parameters.append("error_description=\(Self.quoted(errorDescription, restricted: true))")
        }
        return parameters.isEmpty ? "Bearer" : "Bearer " + parameters.joined(separator: ", ")
    }

    public var description: String { headerValue }

    /// RFC 9110 §5.6.4 quoted-string. `restricted` values (RFC 6750 `scope`, `error_description`) replace every
    /// character outside `%x20-21 / %x23-5B / %x5D-7E` with `?`; URLs escape `"` and `\` and drop controls.
    static func quoted(_ value: String, restricted: Bool) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            let code = scalar.value
            let allowed = code == 0x20 || code == 0x21 || (0x23...0x5B).contains(code) || (0x5D...0x7E).contains(code)
            if allowed {
                result.unicodeScalars.append(scalar)
            } else if restricted {
                result += "?"
            } else if code == 0x22 || code == 0x5C {
                result += "\\"
                result.unicodeScalars.append(scalar)
            } else {
                result += "?"
            }
        }
        return result + "\""
    }
}
