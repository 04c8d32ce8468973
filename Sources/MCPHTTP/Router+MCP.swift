public import Hummingbird
public import MCPCore

extension Router {
    /// Serves `endpoint` at `path` for every method MCP uses (`POST`, `GET`, `DELETE`, `OPTIONS`).
    ///
    /// - Parameter caller: extracts the authenticated caller from the request context (the bearer-auth
    ///   middleware puts it there); anonymous by default.
    ///
    /// ```swift
    /// let router = Router()
    /// router.addMCPEndpoint(StreamableHTTPEndpoint(dispatcher: MCPDispatcher(backend: backend)), at: "/mcp")
    /// ```
    public func addMCPEndpoint(
        _ endpoint: StreamableHTTPEndpoint,
        at path: RouterPath,
        caller: @escaping @Sendable (Request, Context) -> Caller? = { _, _ in nil }
    ) {
        let handler: @Sendable (Request, Context) async throws -> Response = { request, context in
            await endpoint.respond(to: request, caller: caller(request, context), logger: context.logger)
        }
        for method in [HTTPRequest.Method.post, .get, .delete, .options, .put, .patch, .head] {
            on(path, method: method, use: handler)
        }
    }
}
