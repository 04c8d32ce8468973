import GatehouseJSON
public import Hummingbird
public import MCPCore
import ProtectedResource
public import TokenVerification

/// The decision step of the request pipeline, one type for every route kind: one input — the verified token (or
/// none), the operation, and the backend snapshot that will run it — and one output: allow, or a denial each
/// endpoint style renders (HTTP 401/403 with an RFC 6750 challenge, or a tool result carrying the challenge in
/// `_meta["mcp/www_authenticate"]` on the OpenAI style). Today's policy is scopes: the endpoint's base scopes plus
/// what the snapshot says the operation requires; the policy issue adds claim and argument rules here.
///
/// MCP endpoints decide through ``BearerAuthorization``; plain routes through ``RequireScopesMiddleware``.
public struct AuthorizationDecision: Sendable {
    /// What the decision is.
    public enum Outcome: Sendable {
        /// Go ahead.
        case allow
        /// The HTTP answer (401 or 403 with its challenge).
        case deny(Response)
        /// The tool-level answer to a `tools/call` (OpenAI style).
        case toolChallenge(ToolResult)
    }

    /// The protected-resource metadata URL put into every challenge.
    public let metadataURL: String
    /// Scopes every operation needs.
    public let baseScopes: [String]
    /// How a client is asked to authorize.
    public let style: BearerAuthorization.ChallengeStyle

    /// Creates the decision step of one endpoint or route group.
    public init(metadataURL: String, baseScopes: [String] = [], style: BearerAuthorization.ChallengeStyle) {
        self.metadataURL = metadataURL
        self.baseScopes = baseScopes
        self.style = style
    }

    /// May `token` perform `operation`, as `snapshot` — the one that will run it — describes it?
    public func decide(_ operation: MCPOperation, token: VerifiedAccessToken?, snapshot: any MCPBackendSnapshot)
        -> Outcome
    {
        let requirement = Self.requirement(of: operation, snapshot: snapshot)
        guard let required = missing(requirement, token: token) else { return .allow }
        if style == .toolLevel && operation.method == "tools/call" {
            return .toolChallenge(toolChallenge(required: required, token: token))
        }
        return .deny(denial(required: required, token: token).response)
    }

    /// May `token` use a plain route that needs `scopes` (besides the base scopes)? 401 without a token, else 403.
    public func decide(requiring scopes: [String], token: VerifiedAccessToken?) -> AuthorizationDenial? {
        let requirement = Requirement(backend: AuthorizationRequirement(scopes: scopes), isDiscovery: false)
        guard let required = missing(requirement, token: token) else { return nil }
        return denial(required: required, token: token)
    }

    /// A whole 2025-03-26 batch, before any of it runs: for each request `nil` (allowed) or the tool-level
    /// challenge that answers it; or, when any request would be denied, one denial for the batch whose challenge
    /// names every scope the batch needs (the endpoint's and every operation's), so one new token covers it all.
    public func decide(
        batch operations: [MCPOperation], token: VerifiedAccessToken?, snapshot: any MCPBackendSnapshot
    ) -> Result<[ToolResult?], AuthorizationDenial> {
        let requirements = operations.map { Self.requirement(of: $0, snapshot: snapshot) }
        var challenges: [ToolResult?] = []
        var denied = false
        for (operation, requirement) in zip(operations, requirements) {
            guard let required = missing(requirement, token: token) else {
                challenges.append(nil)
                continue
            }
            if style == .toolLevel && operation.method == "tools/call" {
                challenges.append(toolChallenge(required: required, token: token))
            } else {
                denied = true
            }
        }
        guard denied else { return .success(challenges) }
        var required = baseScopes
        for scope in requirements.flatMap(\.scopes) where !required.contains(scope) { required.append(scope) }
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
