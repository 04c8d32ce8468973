/// Where an issuer puts granted scopes in its access tokens.
///
/// RFC 9068 §2.2.3 says `scope`, a space-delimited string (RFC 6749 §3.3). Several providers use `scp`, as an
/// array or as a string. An issuer's configuration names which claims to read; the first present one wins.
public struct ScopeClaim: Sendable, Hashable {
    /// Claim names, tried in order.
    public let names: [String]

    /// Creates a rule reading the given claims in order.
    public init(names: [String]) {
        self.names = names
    }

    /// `scope` only (RFC 9068).
    public static let scope = ScopeClaim(names: ["scope"])
    /// `scp` only (Entra ID, Okta).
    public static let scp = ScopeClaim(names: ["scp"])
    /// `scope`, else `scp`.
    public static let scopeOrScp = ScopeClaim(names: ["scope", "scp"])

    /// Reads the scopes from `claims`, or explains why they are malformed.
    ///
    /// Each scope must be a non-empty RFC 6749 scope-token (`%x21 / %x23-5B / %x5D-7E`); duplicates are removed,
    /// order is kept.
    public func scopes(in claims: [String: JSONValue]) -> Result<[String], TokenVerificationError> {
        for name in names {
            guard let value = claims[name] else { continue }
            let tokens: [Substring]
            switch value {
            case .string(let text):
                tokens = text.split(separator: " ", omittingEmptySubsequences: true)
            case .array(let elements):
                var collected: [Substring] = []
                for element in elements {
                    guard let text = element.stringValue else {
                        return .failure(TokenVerificationError(.invalidClaim, "\"\(name)\" contains a non-string"))
                    }
                    collected.append(Substring(text))
                }
                tokens = collected
            default:
                return .failure(TokenVerificationError(.invalidClaim, "\"\(name)\" is neither a string nor an array"))
            }
            var scopes: [String] = []
            scopes.reserveCapacity(tokens.count)
            for token in tokens {
                guard Self.isScopeToken(token) else {
                    return .failure(TokenVerificationError(.invalidClaim, "\"\(name)\" holds a malformed scope"))
                }
                // Scope lists are short; a linear check avoids building a set for every token.
                let scope = String(token)
                if !scopes.contains(scope) { scopes.append(scope) }
            }
            return .success(scopes)
        }
        return .success([])
    }

    static func isScopeToken(_ token: Substring) -> Bool {
        !token.isEmpty
            && token.utf8.allSatisfy { byte in
                byte == 0x21 || (0x23...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
            }
    }
}
