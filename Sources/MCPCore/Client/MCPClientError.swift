/// Why a request to an upstream MCP server did not produce a result.
///
/// ``rpc(_:)`` is the server's own answer (a JSON-RPC error it sent); every other case is a failure of the
/// connection or of the server's behaviour, described without any secret (no header values, no tokens).
public enum MCPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with a JSON-RPC error.
    case rpc(MCPError)
    /// The server could not be reached (connection refused, DNS, TLS).
    case unreachable(String)
    /// No answer within the configured time.
    case timedOut(seconds: Double)
    /// The answer was not a well-formed MCP message (not JSON, the wrong id, an unexpected content type).
    case invalidResponse(String)
    /// The answer was larger than the configured limit.
    case responseTooLarge(limit: Int)
    /// The server answered with an HTTP status that carries no JSON-RPC error.
    case httpStatus(Int)
    /// The server refused the gateway's own credentials (HTTP 401 or 403).
    case unauthorized(status: Int)
    /// The client has no credentials for the server right now (its token endpoint failed); the detail names the
    /// status or OAuth error code, never a secret.
    case credentialsUnavailable(String)
    /// The server no longer knows the session (HTTP 404 for a request with `Mcp-Session-Id`).
    case sessionExpired
    /// The connection or process ended before the answer arrived.
    case connectionLost(String)
    /// The server speaks no revision this client supports.
    case unsupportedVersion(String)
    /// The client was closed.
    case closed
    /// The request's task was cancelled (the caller gave up); the server was told.
    case cancelled

    public var description: String {
        switch self {
        case .rpc(let error): "the server answered \(error.code): \(error.message.prefix(200))"
        case .unreachable(let detail): "unreachable (\(detail))"
        case .timedOut(let seconds): "no answer within \(Self.format(seconds)) s"
        case .invalidResponse(let detail): "an invalid response (\(detail))"
        case .responseTooLarge(let limit): "a response larger than the \(limit)-byte limit"
        case .httpStatus(let status): "HTTP \(status)"
        case .unauthorized(let status): "HTTP \(status): the upstream refused the gateway's credentials"
        case .credentialsUnavailable(let detail): "no credentials for the upstream (\(detail))"
        case .sessionExpired: "the upstream ended the session"
        case .connectionLost(let detail): "the connection was lost (\(detail))"
        case .unsupportedVersion(let version): "no common protocol revision (the server offered \(version.prefix(64)))"
        case .closed: "the client is closed"
        case .cancelled: "the request was cancelled"
        }
    }

    /// A short machine-readable name of the cause (`data.cause` of the gateway's errors, metric labels).
    public var cause: String {
        switch self {
        case .rpc: "upstream_error"
        case .unreachable: "unreachable"
        case .timedOut: "timeout"
        case .invalidResponse: "invalid_response"
        case .responseTooLarge: "response_too_large"
        case .httpStatus: "http_status"
        case .unauthorized: "unauthorized"
        case .credentialsUnavailable: "credentials_unavailable"
        case .sessionExpired: "session_expired"
        case .connectionLost: "connection_lost"
        case .unsupportedVersion: "unsupported_version"
        case .closed: "closed"
        case .cancelled: "cancelled"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
