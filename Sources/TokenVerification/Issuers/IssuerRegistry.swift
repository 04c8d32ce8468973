/// The issuers a resource server trusts, looked up by exact `iss` in O(1).
///
/// Immutable once built: reconfiguration builds a new registry.
public struct IssuerRegistry: Sendable {
    private let byIssuer: [String: TrustedIssuer]

    /// Creates a registry. Two entries for the same issuer are a configuration error.
    public init(_ issuers: [TrustedIssuer]) throws(ConfigurationError) {
        var byIssuer: [String: TrustedIssuer] = [:]
        for issuer in issuers {
            guard byIssuer.updateValue(issuer, forKey: issuer.policy.issuer) == nil else {
                throw ConfigurationError("the issuer \(issuer.policy.issuer) is configured twice")
            }
            if issuer.policy.algorithms.isEmpty {
                throw ConfigurationError("the issuer \(issuer.policy.issuer) allows no algorithm")
            }
        }
        self.byIssuer = byIssuer
    }

    /// The issuer with exactly this `iss`, if trusted.
    public subscript(issuer: String) -> TrustedIssuer? { byIssuer[issuer] }

    /// Every trusted issuer.
    public var issuers: [TrustedIssuer] { Array(byIssuer.values) }
}

/// A configuration that cannot work, with what to fix.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
