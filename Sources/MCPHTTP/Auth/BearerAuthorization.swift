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
    public enum Decision: Sendable {
        case allow
        case deny(Response)
        case toolChallenge(ToolResult)
    }

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
        do {
            let token = try BearerCredential.token(from: authorization)
            return .success(try await verifier.verification(of: token, resource: resource).token)
        } catch {
            // Tool-level style: no bearer credential at all (no header, or another scheme) is an anonymous caller.
            if error.code == .missingCredential && style == .toolLevel { return .success(nil) }
            return .failure(.refusing(error, metadataURL: metadataURL, scopes: advertisedScopes))
        }
    }

    /// Step 2: may `token` perform `operation`, as `snapshot` (the one that will run it) describes it?
    public func authorize(_ operation: MCPOperation, token: VerifiedAccessToken?, snapshot: any MCPBackendSnapshot)
        -> Decision
    {
        let requirement = Self.requirement(of: operation, snapshot: snapshot)
        guard let required = missing(requirement, token: token) else { return .allow }
        if style == .toolLevel && operation.method == "tools/call" {
            return .toolChallenge(toolChallenge(required: required, token: token))
        }
        return .deny(denial(required: required, token: token).response)
    }

    /// Step 2 for a whole 2025-03-26 batch, before any of it runs: for each request `nil` (allowed) or the tool-level
    /// challenge that answers it; or, when any request would be denied, one denial for the batch whose challenge
    /// names every scope the batch needs (the endpoint's and every operation's), so one new token covers it all.
    public func authorize(
        batch requests: [JSONRPCRequest], token: VerifiedAccessToken?, snapshot: any MCPBackendSnapshot
    )
        -> Result<[ToolResult?], AuthorizationDenial>
    {
        let operations = requests.map { Self.requirement(of: MCPOperation($0), snapshot: snapshot) }
        var challenges: [ToolResult?] = []
        var denied = false
        for (request, operation) in zip(requests, operations) {
            guard let required = missing(operation, token: token) else {
                challenges.append(nil)
                continue
            }
            if style == .toolLevel && request.method == "tools/call" {
                challenges.append(toolChallenge(required: required, token: token))
            } else {
                denied = true
            }
        }
        guard denied else { return .success(challenges) }
        var required = baseScopes
        for scope in operations.flatMap(\.scopes) where !required.contains(scope) { required.append(scope) }
        return .failure(denial(required: required, token: token))
    }

    /// The scopes `operation` needs (the endpoint's first), or `nil` when `token` may perform it.
    func missing(_ operation: Requirement, token: VerifiedAccessToken?) -> [String]? {
        if let token, token.hasScopes(baseScopes), token.hasScopes(operation.scopes) { return nil }
        if token == nil && style == .toolLevel && (operation.isDiscovery || operation.allowsAnonymous)
            && baseScopes.isEmpty
        {
            return nil
        }
        return baseScopes + operation.scopes.filter { !baseScopes.contains($0) }
    }

    /// What the caller is told about the scopes it lacks.
    func description(required: [String], token: VerifiedAccessToken?) -> String {
        guard let token else { return "this operation needs authorization" }
        return "the token lacks the scope(s) \(required.filter { !token.scopes.contains($0) }.joined(separator: " "))"
    }

    /// The tool-level answer to a tool call the caller may not make: an `isError` result whose
    /// `_meta["mcp/www_authenticate"]` holds the challenge.
    func toolChallenge(required: [String], token: VerifiedAccessToken?) -> ToolResult {
        let challenge = BearerChallenge(
            resourceMetadata: metadataURL, scopes: required, error: .insufficientScope,
            errorDescription: description(required: required, token: token))
        var result = ToolResult.error(
            token == nil
                ? "Sign in to use this tool."
                : "Your authorization does not include this tool; grant: \(required.joined(separator: " ")).")
        result.meta["mcp/www_authenticate"] = [.string(challenge.headerValue)]
        return result
    }

    /// The HTTP answer to an operation the caller may not perform: 401 without a token, else 403.
    func denial(required: [String], token: VerifiedAccessToken?) -> AuthorizationDenial {
        guard token != nil else { return .missingToken(metadataURL: metadataURL, scopes: required) }
        return .insufficientScope(
            metadataURL: metadataURL, scopes: required, description: description(required: required, token: token))
    }

    /// The caller handed to tool handlers.
    public static func caller(_ token: VerifiedAccessToken?) -> Caller? {
        token.map { Caller(issuer: $0.issuer, subject: $0.principal.subject, clientID: $0.clientID, scopes: $0.scopes) }
    }

    /// What the operation needs: the backend snapshot that will run it says (``MCPBackendSnapshot/requirement(for:)``),
    /// and whether it is discovery (lists and lifecycle) the operation says.
    static func requirement(of operation: MCPOperation, snapshot: any MCPBackendSnapshot) -> Requirement {
        Requirement(backend: snapshot.requirement(for: operation), isDiscovery: operation.isDiscovery)
    }

    /// An operation's requirement as the decision step weighs it.
    struct Requirement {
        let backend: AuthorizationRequirement
        let isDiscovery: Bool
        var scopes: [String] { backend.scopes }
        var allowsAnonymous: Bool { backend.allowsAnonymous }
    }
}
