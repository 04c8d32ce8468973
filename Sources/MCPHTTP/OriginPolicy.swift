import HTTPTypes

/// DNS-rebinding protection and CORS for browser clients (MCP 2025-06-18+ basic/transports "Security Warning";
/// 2025-11-25 and 2026-07-28: 403 for an invalid `Origin`).
struct OriginPolicy: Sendable {
    let allowedOrigins: Set<String>

    /// The policy admitting the entries of `allowedOrigins` that are origins (``StreamableHTTPConfiguration/isOrigin(_:)``);
    /// `*`, `null` and malformed entries admit nothing (the configuration check refuses them outright).
    init(allowedOrigins: Set<String>) {
        self.allowedOrigins = allowedOrigins.filter(StreamableHTTPConfiguration.isOrigin)
    }

    /// Whether the request may proceed: no `Origin` (not a browser), or an allowed one.
    func admits(origin: String?) -> Bool {
        guard let origin else { return true }
        return allowedOrigins.contains(origin)
    }

    /// CORS response headers for an allowed browser origin (none for non-browser requests).
    func corsHeaders(origin: String?) -> HTTPFields {
        guard let origin, allowedOrigins.contains(origin) else { return [:] }
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = origin
        headers[.vary] = "Origin"
        headers[.accessControlExposeHeaders] = "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version"
        return headers
    }

    /// The answer to a CORS preflight (`OPTIONS`), given before any authentication.
    func preflightHeaders(origin: String?) -> HTTPFields {
        var headers = corsHeaders(origin: origin)
        guard !headers.isEmpty else { return headers }
        headers[.accessControlAllowMethods] = "GET, POST, DELETE, OPTIONS"
        headers[.accessControlAllowHeaders] =
            "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name, Last-Event-ID"
        headers[.accessControlMaxAge] = "600"
        return headers
    }
}
