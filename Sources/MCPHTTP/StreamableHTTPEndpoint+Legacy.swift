import GatehouseJSON
import HTTPTypes
import Hummingbird
import Logging
import MCPCore

extension StreamableHTTPEndpoint {
    /// A request of an initialize-based session (2025-03-26 … 2025-11-25 basic/transports).
    func legacyPost(_ messages: [Result<JSONRPCMessage, MCPError>], isBatch: Bool, _ exchange: Exchange) async
        -> Response
    {
        if case .success(.request(let request))? = messages.first, request.method == "initialize" {
            guard !isBatch else {
                return HTTPResponses.error(
                    .badRequest, .invalidRequest("initialize cannot be part of a batch"), headers: exchange.cors)
            }
            if case .deny(let response) = authorize(MCPOperation(request), exchange) { return response }
            return initialize(request, exchange)
        }
        guard let sessionID = exchange.headers.sessionID else {
            return HTTPResponses.error(
                .badRequest, .invalidRequest("the Mcp-Session-Id header is required (send initialize first)"),
                headers: exchange.cors)
        }
        let session: HTTPSession
        switch liveSession(sessionID, caller: exchange.caller, cors: exchange.cors) {
        case .success(let found): session = found
        case .failure(let refusal): return refusal.response
        }
        let version = session.state.protocolVersion
        if let header = exchange.headers.protocolVersion, header != version.rawValue {
            return HTTPResponses.error(
                .badRequest,
                .invalidRequest("MCP-Protocol-Version \(header.prefix(32)) is not this session's version \(version)"),
                headers: exchange.cors
            )
        }
        guard !isBatch || version.allowsBatches else {
            return HTTPResponses.error(
                .badRequest, .invalidRequest("batches are only part of protocol 2025-03-26"), headers: exchange.cors)
        }

        var requests: [JSONRPCRequest] = []
        var errors: [JSONRPCResponse] = []
        var notifications: [(method: String, params: [String: JSONValue])] = []
        for message in messages {
            switch message {
            case .failure(let error): errors.append(JSONRPCResponse(id: nil, outcome: .failure(error)))
            case .success(.request(let request)): requests.append(request)
            case .success(.notification(let method, let params)): notifications.append((method, params))
            case .success(.response(let response)): session.clientRequests.answer(response)
            }
        }
        if requests.isEmpty {
            for notification in notifications { receive(notification.method, notification.params, session: session) }
            guard errors.isEmpty else {
                let body = isBatch ? JSONWriter.serialize(.array(errors.map(\.json))) : errors[0].body
                return HTTPResponses.json(.badRequest, body, headers: exchange.cors)
            }
            return HTTPResponses.accepted(headers: exchange.cors)
        }
        var context = CallContext(
            caller: exchange.caller, endpoint: configuration.endpointName, protocolVersion: version,
            logger: exchange.logger
        )
        context.presentedToken = exchange.presentedToken
        guard isBatch else { return await respond(to: requests[0], context: context, session: session, exchange) }
        return await batch(
            requests, notifications: notifications, errors: errors, context: context, session: session, exchange)
    }

    /// A 2025-03-26 batch: every request is authorized before any runs (a batch with one request the caller may not
    /// make is refused whole, its challenge naming every scope the batch needs), then the requests run in order and
    /// their responses are written into a body bounded by ``StreamableHTTPConfiguration/maximumBatchResponseBytes``.
    /// The batch's notifications take effect only once the batch is authorized: nothing of a refused batch runs.
    func batch(
        _ requests: [JSONRPCRequest], notifications: [(method: String, params: [String: JSONValue])],
        errors: [JSONRPCResponse], context: CallContext, session: HTTPSession, _ exchange: Exchange
    ) async -> Response {
        // Each operation read once: the decision and the run use these values.
        let operations = requests.map(MCPOperation.init)
        let challenges: [ToolResult?]
        switch authorize(batch: operations, exchange) {
        case .success(let decided): challenges = decided
        case .failure(let refusal): return refusal.response
        }
        for notification in notifications { receive(notification.method, notification.params, session: session) }
        var writer = BatchResponseWriter(limit: configuration.maximumBatchResponseBytes)
        for error in errors { writer.append(error) }
        for ((request, operation), challenge) in zip(zip(requests, operations), challenges) {
            if writer.isFull {
                writer.skip(request.id)
            } else if let challenge {
                writer.append(JSONRPCResponse(id: request.id, toolResult: challenge, version: context.protocolVersion))
            } else if let response = await run(
                request, operation, context: context, session: session, snapshot: exchange.snapshot)
            {
                writer.append(response)
            }
        }
        return HTTPResponses.json(.ok, writer.body, headers: exchange.cors)
    }

    func initialize(_ request: JSONRPCRequest, _ exchange: Exchange) -> Response {
        let (state, response) = dispatcher.initialize(request, caller: exchange.caller)
        guard let state else { return HTTPResponses.json(.badRequest, response, headers: exchange.cors) }
        guard let session = sessions.create(state, caller: exchange.caller) else {
            var headers = exchange.cors
            headers[.retryAfter] = "30"
            return HTTPResponses.error(
                .serviceUnavailable,
                MCPError(code: -32603, message: "The session limit is reached; retry later or sign in"),
                id: request.id, headers: headers)
        }
        var headers = exchange.cors
        headers.append(HTTPField(name: MCPHeaders.sessionID, value: session.id))
        return HTTPResponses.json(.ok, response, headers: headers)
    }

    /// Client notifications of a legacy session.
    func receive(_ method: String, _ params: [String: JSONValue], session: HTTPSession) {
        switch method {
        case "notifications/cancelled":
            if let id = params["requestId"].flatMap(JSONRPCID.init) { session.cancel(id) }
        default:
            break
        }
    }

    // MARK: GET and DELETE

    /// Opens a legacy session's server-to-client SSE stream (list changes), resuming after `Last-Event-ID`.
    func get(_ headers: RequestHeaders, caller: Caller?, cors: HTTPFields) -> Response {
        let modern = headers.protocolVersion.map { ProtocolVersion($0).isModern } ?? false
        guard headers.sessionID != nil || !modern, configuration.allowsGetStream else {
            var fields = cors
            fields[.allow] = "POST, OPTIONS"
            return HTTPResponses.empty(.methodNotAllowed, headers: fields)
        }
        guard headers.acceptsEventStream else {
            return HTTPResponses.error(
                .notAcceptable, .invalidRequest("Accept must include text/event-stream"), headers: cors)
        }
        guard let sessionID = headers.sessionID else {
            return HTTPResponses.error(
                .badRequest, .invalidRequest("the Mcp-Session-Id header is required"), headers: cors)
        }
        let session: HTTPSession
        switch liveSession(sessionID, caller: caller, cors: cors) {
        case .success(let found): session = found
        case .failure(let refusal): return refusal.response
        }
        let events = session.openStream(after: headers.lastEventID)
        let retry = configuration.sseRetryMilliseconds
        return Response(
            status: .ok,
            headers: HTTPResponses.sseHeaders(cors),
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: \(retry)\n\n"))
                for await event in events { try await writer.write(event.buffer) }
                try await writer.finish(nil)
            }
        )
    }

    /// Ends a legacy session.
    func delete(_ headers: RequestHeaders, caller: Caller?, cors: HTTPFields) -> Response {
        guard let sessionID = headers.sessionID else {
            if let header = headers.protocolVersion, ProtocolVersion(header).isModern {
                var fields = cors
                fields[.allow] = "POST, OPTIONS"
                return HTTPResponses.empty(.methodNotAllowed, headers: fields)
            }
            return HTTPResponses.error(
                .badRequest, .invalidRequest("the Mcp-Session-Id header is required"), headers: cors)
        }
        if case .failure(let refusal) = liveSession(sessionID, caller: caller, cors: cors) { return refusal.response }
        sessions.remove(sessionID)
        return HTTPResponses.empty(.noContent, headers: cors)
    }

    /// The live session `id` if `caller` may use it: 404 for an unknown or ended session, 403 for another principal.
    func liveSession(_ id: String, caller: Caller?, cors: HTTPFields) -> Result<HTTPSession, SessionRefusal> {
        guard let session = sessions.session(id) else {
            return .failure(
                SessionRefusal(
                    response: HTTPResponses.error(
                        .notFound, MCPError(code: -32001, message: "Session not found"), headers: cors)))
        }
        let wasAnonymous = session.state.owner == nil
        guard session.state.admits(caller) else {
            return .failure(
                SessionRefusal(
                    response: HTTPResponses.error(
                        .forbidden, .invalidRequest("the session belongs to another principal"), headers: cors)))
        }
        if wasAnonymous, let caller { sessions.claim(session, by: caller) }
        return .success(session)
    }
}

/// Why a session could not be used, as the response to send.
struct SessionRefusal: Error {
    let response: Response
}
