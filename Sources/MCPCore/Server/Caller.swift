/// Who is calling, as established by the transport's authentication (or `nil` on the call context when the
/// request carried no token). MCPCore does not verify anything itself: the HTTP layer fills this from a verified
/// access token.
public struct Caller: Sendable, Hashable {
    /// The token issuer.
    public var issuer: String
    /// The subject (user, or client for machine-to-machine tokens).
    public var subject: String
    /// The OAuth client the token was issued to.
    public var clientID: String?
    /// Granted scopes.
    public var scopes: [String]

    /// Creates a caller.
    public init(issuer: String, subject: String, clientID: String? = nil, scopes: [String] = []) {
        self.issuer = issuer
        self.subject = subject
        self.clientID = clientID
        self.scopes = scopes
    }
}
