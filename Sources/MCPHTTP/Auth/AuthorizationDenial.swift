import GatehouseJSON
public import Hummingbird
public import MCPCore
public import ProtectedResource
import TokenVerification

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

    /// The answer to a token the verifier refused: its status is the failure's
    /// ``TokenVerificationError/httpStatus`` (the one mapping, shared with `gatehouse token inspect`), its challenge
    /// the failure's RFC 6750 §3.1 error.
    static func refusing(_ failure: TokenVerificationError, metadataURL: String, scopes: [String])
        -> AuthorizationDenial
    {
        let status = HTTPResponse.Status(code: failure.httpStatus)
        let shape: AuthorizationDenial
        switch failure.bearerError {
        case nil where status == .unauthorized:
            shape = .missingToken(metadataURL: metadataURL, scopes: scopes)
        case nil:
            shape = AuthorizationDenial(
                status: status, challenge: nil,
                error: MCPError(code: -32603, message: "Token verification is temporarily unavailable"),
                reason: failure.code.name)
        case .invalidRequest?:
            shape = .malformedRequest(metadataURL: metadataURL, description: failure.reason)
        case .invalidToken?:
            shape = .invalidToken(
                metadataURL: metadataURL, scopes: scopes, description: failure.reason, reason: failure.code.name)
        case .insufficientScope?:
            shape = .insufficientScope(
                metadataURL: metadataURL, scopes: failure.requiredScopes, description: failure.reason)
        }
        return AuthorizationDenial(status: status, challenge: shape.challenge, error: shape.error, reason: shape.reason)
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
}
