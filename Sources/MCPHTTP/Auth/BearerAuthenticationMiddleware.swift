import GatehouseJSON
public import Hummingbird
import MCPCore
import ProtectedResource
public import TokenVerification

/// Protects any route of a Hummingbird application with OAuth 2.0 bearer tokens (RFC 6750), not only MCP.
///
/// Verifies the `Authorization` header for `resource` and puts the token on the context; refuses with the exact
/// RFC 6750 answer otherwise (401 with a `resource_metadata` challenge and no `error` when no token was sent,
/// 401 `invalid_token`, 400 `invalid_request` for a malformed header or a token in the query string, 503 when the
/// issuer's keys are unavailable). Scopes are a separate policy: ``RequireScopesMiddleware``.
///
/// ```swift
/// let router = Router(context: BasicAccessTokenRequestContext.self)
/// router.group("/api")
///     .add(middleware: BearerAuthenticationMiddleware(verifier: verifier, resource: resource, metadataURL: metadataURL))
///     .add(middleware: RequireScopesMiddleware(["notes.read"], metadataURL: metadataURL))
///     .get("notes") { _, context in "notes of \(context.accessToken!.principal.subject)" }
/// ```
public struct BearerAuthenticationMiddleware<Context: AccessTokenRequestContext>: RouterMiddleware {
    let authorization: BearerAuthorization

    /// Creates the middleware.
    /// - Parameters:
    ///   - verifier: the token verifier.
    ///   - resource: this API's resource identifier (tokens must name it in `aud`).
    ///   - metadataURL: the protected-resource metadata URL for challenges.
    ///   - advertisedScopes: scopes named in a no-token challenge.
    public init(
        verifier: AccessTokenVerifier, resource: ResourceIdentifier, metadataURL: String,
        advertisedScopes: [String] = []
    ) {
        self.authorization = BearerAuthorization(
            verifier: verifier, resource: resource, metadataURL: metadataURL, advertisedScopes: advertisedScopes,
            style: .transport)
    }

    @concurrent public func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        // RFC 6750 §2.3 (tokens in the URI) is not supported and must not silently work.
        if let denial = authorization.refusesQueryToken(request.uri) { return denial.response }
        switch await authorization.authenticate(request.headers) {
        case .failure(let denial):
            return denial.response
        case .success(let token):
            var context = context
            context.accessToken = token
            return try await next(request, context)
        }
    }
}

/// Refuses requests whose verified token lacks `scopes` with 403 `insufficient_scope` naming all of them
/// (RFC 6750 §3.1). Put it after ``BearerAuthenticationMiddleware``; without a token it answers 401.
public struct RequireScopesMiddleware<Context: AccessTokenRequestContext>: RouterMiddleware {
    let decision: AuthorizationDecision

    /// Creates the policy.
    public init(_ scopes: [String], metadataURL: String) {
        self.decision = AuthorizationDecision(metadataURL: metadataURL, baseScopes: scopes, style: .transport)
    }

    @concurrent public func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        // The same decision step as the MCP endpoints (``AuthorizationDecision``), with the route's scopes as base.
        if let denial = decision.decide(requiring: [], token: context.accessToken) { return denial.response }
        return try await next(request, context)
    }
}
