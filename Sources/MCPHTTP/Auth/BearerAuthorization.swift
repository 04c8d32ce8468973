import GatehouseJSON
public import Hummingbird
public import HummingbirdCore
public import MCPCore
import ProtectedResource
public import TokenVerification

/// Bearer-token authorization of one MCP endpoint (MCP basic/authorization; RFC 6750; RFC 9728 §5).
///
/// Two steps, so that an operation's scopes can be decided from the JSON-RPC body **before** anything runs:
/// 1. ``authenticate(_:)`` on the headers: no token → 401 challenge without `error` (transport style) or anonymous
///    (tool-level style); malformed header → 400 `invalid_request`; bad token → 401 `invalid_token`; keys
///    unavailable → 503. Expiry and audience are decided here, so an expired token lacking scopes is a 401.
/// 2. ``authorize(_:token:snapshot:)`` per request: the scopes the operation needs (the endpoint's base scopes
///    plus the tool's, resource's or prompt's) against the token's → allow, 403 `insufficient_scope` (transport
///    style), or a tool result carrying the challenge in `_meta["mcp/www_authenticate"]` (tool-level style).
public final class BearerAuthorization: Sendable {
    /// How a client is asked to authorize.
    public struct ChallengeStyle: Sendable, Hashable {
        let name: String
        /// Claude-style: every unauthenticated request gets an HTTP 401; missing scopes are an HTTP 403.
        public static let transport = ChallengeStyle(name: "transport")
        /// OpenAI Apps SDK style: discovery and `noauth` tools work anonymously; a protected tool answers with an
        /// `isError` result whose `_meta["mcp/www_authenticate"]` holds the challenge.
        public static let toolLevel = ChallengeStyle(name: "toolLevel")
    }

    /// What step 2 decided.
    public typealias Decision = AuthorizationDecision.Outcome

    /// The verifier (trusted issuers, caches).
    public let verifier: AccessTokenVerifier
    /// This endpoint's resource identifier; tokens must name it in `aud`.
    public let resource: ResourceIdentifier
    /// The protected-resource metadata URL put into every challenge.
    public let metadataURL: String
    /// Scopes every operation on this endpoint needs.
    public let baseScopes: [String]
    /// Scopes advertised in a no-token challenge (what a client should ask for first).
    public let advertisedScopes: [String]
    /// The challenge style.
    public let style: ChallengeStyle
    /// The decision step of this endpoint.
    public let decision: AuthorizationDecision

    /// Creates the authorization of an endpoint.
    public init(
        verifier: AccessTokenVerifier, resource: ResourceIdentifier, metadataURL: String, baseScopes: [String] = [],
        advertisedScopes: [String] = [], style: ChallengeStyle
    ) {
        self.verifier = verifier
        self.resource = resource
        self.metadataURL = metadataURL
        self.baseScopes = baseScopes
        self.advertisedScopes = advertisedScopes
        self.style = style
        self.decision = AuthorizationDecision(metadataURL: metadataURL, baseScopes: baseScopes, style: style)
    }

    /// Step 1: the token in `Authorization`, verified for this resource (scopes are step 2's business).
    public func authenticate(_ headers: HTTPFields) async -> Result<VerifiedAccessToken?, AuthorizationDenial> {
        await authenticate(authorization: headers[.authorization])
    }

    /// A token in the request URI's query (`access_token`, RFC 6750 §2.3) is refused, never used and never ignored:
    /// 400 `invalid_request`, on every endpoint style and on plain routes alike (docs/security.md, H3). URIs end up
    /// in logs, browser history and `Referer` headers (RFC 6750 §5.3), so Gatehouse accepts tokens only in the
    /// `Authorization` header.
    public func refusesQueryToken(_ uri: URI) -> AuthorizationDenial? {
        guard uri.query != nil, uri.queryParameters["access_token"] != nil else { return nil }
        return .malformedRequest(
            metadataURL: metadataURL, description: "tokens are only accepted in the Authorization header")
    }

    /// Step 1 given the `Authorization` field's value (repeated fields joined with ", ", which no valid
    /// credential matches), or `nil` when the request has none.
    public func authenticate(authorization: String?) async -> Result<VerifiedAccessToken?, AuthorizationDenial> {
        await verification(authorization: authorization).map { $0?.token }
    }

    /// Step 1 with how the token's `aud` matched this resource (canonically, by the trailing-slash rule, or by one of
    /// the issuer's additional audiences), for the decision record.
    public func verification(authorization: String?) async
        -> Result<AccessTokenVerifier.Verification?, AuthorizationDenial>
    {
        do {
            let token = try BearerCredential.token(from: authorization)
            return .success(try await verifier.verification(of: token, resource: resource))
        } catch {
            // Tool-level style: no bearer credential at all (no header, or another scheme) is an anonymous caller.
            if error.code == .missingCredential && style == .toolLevel { return .success(nil) }
            return .failure(.refusing(error, metadataURL: metadataURL, scopes: advertisedScopes))
        }
    }

    /// Step 2: may `token` perform `operation`, as `snapshot` (the one that will run it) describes it? The
    /// endpoint's ``decision`` answers.
    public func authorize(_ operation: MCPOperation, token: VerifiedAccessToken?, snapshot: any MCPBackendSnapshot)
        -> Decision
    {
        decision.decide(operation, token: token, snapshot: snapshot)
    }

    /// Step 2 for a whole 2025-03-26 batch (see ``AuthorizationDecision/decide(batch:token:snapshot:)``).
    public func authorize(
        batch operations: [MCPOperation], token: VerifiedAccessToken?, snapshot: any MCPBackendSnapshot
    ) -> Result<[ToolResult?], AuthorizationDenial> {
        decision.decide(batch: operations, token: token, snapshot: snapshot)
    }

    /// The caller handed to tool handlers.
    public static func caller(_ token: VerifiedAccessToken?) -> Caller? {
        token.map { Caller(issuer: $0.issuer, subject: $0.principal.subject, clientID: $0.clientID, scopes: $0.scopes) }
    }
}
