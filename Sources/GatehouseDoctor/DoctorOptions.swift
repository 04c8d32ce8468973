/// What `gatehouse doctor` is asked to do.
public struct DoctorOptions: Sendable {
    /// The MCP endpoint URL.
    public var url: String
    /// An access token to try (never printed; only its claims are).
    public var token: String?
    /// Client credentials to obtain a token with (`client_credentials` grant, RFC 6749 §4.4, with RFC 8707
    /// `resource`), when no token is given.
    public var clientID: String?
    /// The client secret (sent only to the authorization server's token endpoint).
    public var clientSecret: String?
    /// The authorization server (issuer) the client credentials belong to. Required with them: the secret is sent
    /// only if the server under test names exactly this issuer, so a hostile server cannot collect it by advertising
    /// an authorization server of its own.
    public var issuer: String?
    /// Scopes to request with client credentials; the challenge's scopes when empty.
    public var scopes: [String] = []
    /// The tool to call; by default the first read-only tool that needs no arguments (never a tool that may write).
    public var tool: String?
    /// Deadline of each HTTP exchange.
    public var timeout: Duration = .seconds(10)

    /// Creates options for `url`.
    public init(url: String) {
        self.url = url
    }
}
