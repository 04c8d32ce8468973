import GatehouseJSON
import Hummingbird
import Logging
import MCPCore

extension StreamableHTTPEndpoint {
    /// A sessionless request (2026-07-28 basic/transports/streamable-http, "Server Validation").
    @inline(__always) func modernPost(_ body: DecodedBody, _ exchange: Exchange) async -> Response {
        guard !body.isBatch else {
            return HTTPResponses.error(
                .badRequest, .invalidRequest("batches are not part of protocol 2026-07-28"), headers: exchange.cors)
        }
        let message: JSONRPCMessage
        switch body.first {
        case .failure(let error): return HTTPResponses.error(.badRequest, error, headers: exchange.cors)
        case .success(let decoded): message = decoded
        }
        let request: JSONRPCRequest
        switch message {
        case .notification: return HTTPResponses.accepted(headers: exchange.cors)
        case .response:
            return HTTPResponses.error(
                .badRequest, .invalidRequest("clients send no responses in protocol 2026-07-28"), headers: exchange.cors
            )
        case .request(let decoded): request = decoded
        }
        let version: ProtocolVersion
        do {
            version = try dispatcher.modernVersion(of: request)
            try checkHeaders(exchange.headers, match: request, version: version)
        } catch {
            return HTTPResponses.error(.badRequest, error, id: request.id, headers: exchange.cors)
        }
        var context = CallContext(
            caller: exchange.caller, endpoint: configuration.endpointName, protocolVersion: version,
            requestID: request.id, logger: exchange.logger
        )
        context.presentedToken = exchange.presentedToken
        context.servesSubscriptions = true
        if request.method == "subscriptions/listen" { return listen(request, context: context, exchange) }
        return await respond(to: request, context: context, session: nil, exchange)
    }

    /// `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` must be present and equal the body's values (-32020).
    func checkHeaders(_ headers: RequestHeaders, match request: JSONRPCRequest, version: ProtocolVersion)
        throws(MCPError)
    {
        guard let headerVersion = headers.protocolVersion else {
            throw MCPError.headerMismatch("the MCP-Protocol-Version header is required")
        }
        guard headerVersion == version.rawValue else {
            throw MCPError.headerMismatch(
                "MCP-Protocol-Version \(headerVersion.prefix(32)) differs from _meta's \(version)")
        }
        guard headers.method == request.method else {
            throw MCPError.headerMismatch("the Mcp-Method header must equal the body's method")
        }
        let nameSource: String?
        switch request.method {
        case "tools/call", "prompts/get": nameSource = "name"
        case "resources/read": nameSource = "uri"
        default: nameSource = nil
        }
        if let nameSource {
            guard let header = headers.name, let decoded = HeaderValue.decode(header) else {
                throw MCPError.headerMismatch("the Mcp-Name header is required for \(request.method)")
            }
            guard request.params[nameSource]?.stringValue == decoded else {
                throw MCPError.headerMismatch("the Mcp-Name header must equal params.\(nameSource)")
            }
        }
    }
}
