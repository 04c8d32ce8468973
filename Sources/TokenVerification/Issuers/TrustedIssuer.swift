/// One issuer this resource server trusts: its policy and where its keys come from.
public struct TrustedIssuer: Sendable {
    /// What is enforced for the issuer's tokens.
    public var policy: IssuerPolicy
    /// The issuer's keys.
    public var keys: any KeyProvider

    /// Creates a trusted issuer.
    public init(policy: IssuerPolicy, keys: any KeyProvider) {
        self.policy = policy
        self.keys = keys
    }
}
