/// One issuer this resource server trusts: its policy and where its keys come from.
public struct TrustedIssuer: Sendable {
    /// What is enforced for the issuer's tokens.
    public var policy: IssuerPolicy
    /// The issuer's keys.
    public var keys: any KeyProvider
    /// When set, every token of this issuer must also be reported active by RFC 7662 introspection, so revoked
    /// tokens are refused before they expire.
    public var introspector: (any TokenStatusChecker)?

    /// Creates a trusted issuer.
    public init(policy: IssuerPolicy, keys: any KeyProvider, introspector: (any TokenStatusChecker)? = nil) {
        self.policy = policy
        self.keys = keys
        self.introspector = introspector
    }
}
