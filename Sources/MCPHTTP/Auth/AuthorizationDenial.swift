import GatehouseJSON
public import Hummingbird
public import MCPCore
public import ProtectedResource

/// A refused request and the exact response it gets (RFC 6750 §3.1 statuses and challenges).
public struct AuthorizationDenial: Error, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The `WWW-Authenticate` value, if any.
    public let challenge: BearerChallenge?
    /// A JSON-RPC error body explaining the refusal (no id).
    public let error: MCPError
    /// The stable reason code for logs and metrics (a ``TokenVerificationError/Code`` name, or `missing_token`,
    /// `insufficient_scope`); never the token.
    public let reason: String

    /// The response to send.
    public var response: Response {
        var headers = HTTPFields()
        if let challenge { headers[.wwwAuthenticate] = challenge.headerValue }
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONRPCResponse(id: nil, outcome: .failure(error)).body)))
    }

    /// 401 without `error`: no token was sent.
    static func missingToken(metadataURL: String, scopes: [String]) -> AuthorizationDenial {
        AuthorizationDenial(
            status: .unauthorized, challenge: .missingToken(resourceMetadata: metadataURL, scopes: scopes),
            error: MCPError(code: -32001, message: "Authorization required"), reason: "missing_token")
    }

    /// 401 `invalid_token`.
    static func invalidToken(metadataURL: String, scopes: [String], description: String, reason: String)
        -> AuthorizationDenial
    {
        AuthorizationDenial(
            status: .unauthorized,
            challenge: .invalidToken(resourceMetadata: metadataURL, scopes: scopes, description: description),
            error: MCPError(code: -32001, message: "Invalid token: \(description)"), reason: reason)
    }

    /// 400 `invalid_request`.
    static func malformedRequest(metadataURL: String, description: String) -> AuthorizationDenial {
        AuthorizationDenial(
            status: .badRequest,
            challenge: BearerChallenge(
                resourceMetadata: metadataURL, error: .invalidRequest, errorDescription: description),
            error: MCPError.invalidRequest(description), reason: "malformed_request")
    }

    /// 403 `insufficient_scope` with every scope the operation needs.
    static func insufficientScope(metadataURL: String, scopes: [String], description: String) -> AuthorizationDenial {
        AuthorizationDenial(
            status: .forbidden,
            challenge: .insufficientScope(
                resourceMetadata: metadataURL, requiredScopes: scopes, description: description),
            error: MCPError(code: -32001, message: "Insufficient scope: \(description)"),
            reason: "insufficient_scope")
    }

    /// 503: the issuer's keys could not be obtained (not the client's fault).
    static let unavailable = AuthorizationDenial(
        status: .serviceUnavailable, challenge: nil,
        error: MCPError(code: -32603, message: "Token verification is temporarily unavailable"),
        reason: "keys_unavailable")
}
