import GatehouseJSON
import HTTPTypes
import Hummingbird
import Logging
import MCPCore
import NIOCore

extension StreamableHTTPEndpoint {
    /// Runs one request and answers it as JSON, or as an SSE stream when the client prefers it, the endpoint is
    /// configured for it, or the request asked for progress (so progress can arrive before the result).
    @inline(__always) func respond(
        to request: JSONRPCRequest, context: CallContext, session: HTTPSession?, _ exchange: Exchange
    ) async
        -> Response
    {
        // The operation is read from the body once; the decision and the run use this value and this snapshot.
        let operation = MCPOperation(request)
        switch authorize(operation, exchange) {
        case .allow: break
        case .deny(let response): return response
        case .toolChallenge(let result):
            let response = JSONRPCResponse(id: request.id, toolResult: result, version: context.protocolVersion)
            return HTTPResponses.json(.ok, response, headers: exchange.cors)
        }
        let wantsProgress = request.meta?["progressToken"] != nil
        let useSSE =
            configuration.responseMode != .json
            && (exchange.prefersSSE
                || ((wantsProgress || mayAskClient(request, session: session))
                    && exchange.headers.accept(contains: "text/event-stream")))
        // 2026-07-28 responses name their protocol version.
        let version = session == nil && context.protocolVersion.isModern ? context.protocolVersion.rawValue : nil
        guard useSSE else {
            // A JSON answer keeps the connection alive for the next request; the handler runs to completion (or
            // until `notifications/cancelled`). Disconnect-driven cancellation is for SSE streams, below.
            guard
                let response = await run(
                    request, operation, context: context, session: session, snapshot: exchange.snapshot)
            else {
                return HTTPResponses.error(
                    .ok, .requestCancelled, id: request.id, headers: exchange.cors, protocolVersion: version)
            }
            return HTTPResponses.json(
                status(of: response, context), response, headers: exchange.cors, protocolVersion: version)
        }
        var headers = exchange.cors
        if let version { headers.append(HTTPField(name: MCPHeaders.protocolVersion, value: version)) }
        if let session {
            return sessionStream(
                request, operation, context: context, session: session, headers: headers, snapshot: exchange.snapshot)
        }
        let retry = configuration.sseRetryMilliseconds
        let streamID = String(SessionStore.newID().prefix(12))
        let body = exchange.body
        let snapshot = exchange.snapshot
        return Response(
            status: .ok,
            headers: HTTPResponses.sseHeaders(headers),
            body: ResponseBody { [self] writer in
                let (notifications, work) = started(context) { streamingContext in
                    await Self.cancellingOnClose(body) {
                        await run(request, operation, context: streamingContext, session: nil, snapshot: snapshot)
                    }
                }
                var sequence = 0
                do {
                    try await writer.write(ByteBuffer(string: "retry: \(retry)\n\n"))
                    for await notification in notifications {
                        sequence += 1
                        try await writer.write(
                            ServerSentEvent(id: "\(streamID)-\(sequence)", data: notification).buffer)
                    }
                    if let response = await work.value {
                        sequence += 1
                        try await writer.write(
                            ServerSentEvent(id: "\(streamID)-\(sequence)", data: response.body).buffer)
                    }
                    try await writer.finish(nil)
                } catch {
                    // The client went away: stop the work (2026-07-28: closing the stream cancels the request).
                    work.cancel()
                    throw error
                }
            }
        )
    }

    /// A legacy session's SSE response stream (2025-03-26 … 2025-11-25 basic/transports): every event is recorded in
    /// the session under this stream's tag, so a client that lost the connection resumes with a GET and
    /// `Last-Event-ID`. A disconnect does not cancel the request ("Disconnection SHOULD NOT be interpreted as the
    /// client cancelling its request"; `notifications/cancelled` does), and the connection stays reusable. From
    /// 2025-11-25 on, a priming event (an id, empty data) comes first, so even a stream cut before its first message
    /// can be resumed.
    func sessionStream(
        _ request: JSONRPCRequest, _ operation: MCPOperation, context: CallContext, session: HTTPSession,
        headers: HTTPFields,
        snapshot: any MCPBackendSnapshot
    ) -> Response {
        let retry = configuration.sseRetryMilliseconds
        let stream = session.newResponseStream()
        let primes = context.protocolVersion >= .v2025_11_25
        return Response(
            status: .ok,
            headers: HTTPResponses.sseHeaders(headers),
            body: ResponseBody { [self] writer in
                let (notifications, work) = started(context, asking: session) { streamingContext in
                    await run(request, operation, context: streamingContext, session: session, snapshot: snapshot)
                }
                var connected = true
                // `@concurrent` like Hummingbird's `writer.write`: a caller-isolated (nonsending) function would send
                // the body closure's `writer` across that boundary, which region isolation refuses.
                @concurrent func send(_ buffer: ByteBuffer) async {
                    guard connected else { return }
                    do { try await writer.write(buffer) } catch { connected = false }
                }
                await send(ByteBuffer(string: "retry: \(retry)\n\n"))
                if primes { await send(session.record("", on: stream, isFinal: false).buffer) }
                for await notification in notifications {
                    await send(session.record(notification, on: stream, isFinal: false).buffer)
                }
                // A cancelled request sends nothing; its empty final event only ends a GET that resumed the stream.
                let final = await work.value?.body ?? ""
                let tooLarge = JSONRPCResponse(
                    id: request.id,
                    outcome: .failure(
                        MCPError(
                            code: -32603,
                            message: "the response was too large to keep for resumption; send the request again")))
                let event = session.record(final, on: stream, isFinal: true, substitute: tooLarge.body)
                if !final.isEmpty { await send(event.buffer) }
                guard connected else { throw CancellationError() }
                try await writer.finish(nil)
            }
        )
    }

    /// Whether answering `request` may need to send the client requests (``BackendOffers/asksClients``): a legacy
    /// session's multi round-trip method, from a client that declared something it can be asked.
    func mayAskClient(_ request: JSONRPCRequest, session: HTTPSession?) -> Bool {
        guard let session, InputRequired.methods.contains(request.method),
            let declared = session.state.clientCapabilities?.objectValue,
            InputRequired.requestCapabilities.values.contains(where: { declared[$0] != nil })
        else { return false }
        return dispatcher.backend.offers.asksClients
    }

    /// Starts `operation` with a context whose notifications (progress, log messages) arrive on the returned stream,
    /// which ends when the operation does. With a legacy `session`, the operation may also send the client requests
    /// on that stream (``CallContext/askClient``), answered by POST in the session.
    func started(
        _ context: CallContext, asking session: HTTPSession? = nil,
        _ operation: @escaping @Sendable (CallContext) async -> JSONRPCResponse?
    ) -> (AsyncStream<String>, Task<JSONRPCResponse?, Never>) {
        let (notifications, continuation) = AsyncStream<String>.makeStream()
        var streamingContext = context
        streamingContext.notify = { notification in continuation.yield(notification.body) }
        if let requests = session?.clientRequests {
            streamingContext.askClient = { method, params throws(MCPError) in
                try await requests.ask(method, params: params) { continuation.yield($0) }
            }
        }
        let work = Task { [streamingContext] in
            defer { continuation.finish() }
            return await operation(streamingContext)
        }
        return (notifications, work)
    }

    /// Step 2 of authorization for one request (see ``BearerAuthorization``); everything is allowed on an open
    /// endpoint. A denial carries the CORS headers of the exchange.
    func authorize(_ operation: MCPOperation, _ exchange: Exchange) -> BearerAuthorization.Decision {
        guard let authorization else { return .allow }
        let decision = authorization.authorize(operation, token: exchange.token, snapshot: exchange.snapshot)
        switch decision {
        case .allow:
            return decision
        case .toolChallenge:
            exchange.recorder?.denied(exchange.token == nil ? "missing_token" : "insufficient_scope")
            return decision
        case .deny(var response):
            exchange.recorder?.denied(exchange.token == nil ? "missing_token" : "insufficient_scope")
            response.headers.append(contentsOf: exchange.cors)
            return .deny(response)
        }
    }

    /// Step 2 for every request of a batch, before any of them runs: `nil` for a request to run, a tool result for one
    /// answered with a tool-level challenge; or one refusal for the whole batch when any request is denied (nothing
    /// of it runs, and the challenge names every scope the batch needs).
    func authorize(batch operations: [MCPOperation], _ exchange: Exchange) -> Result<[ToolResult?], SessionRefusal> {
        guard let authorization else { return .success(operations.map { _ in nil }) }
        switch authorization.authorize(batch: operations, token: exchange.token, snapshot: exchange.snapshot) {
        case .success(let challenges):
            if challenges.contains(where: { $0 != nil }) {
                exchange.recorder?.denied(exchange.token == nil ? "missing_token" : "insufficient_scope")
            }
            return .success(challenges)
        case .failure(let denial):
            exchange.recorder?.denied(exchange.token == nil ? "missing_token" : "insufficient_scope")
            var response = denial.response
            response.headers.append(contentsOf: exchange.cors)
            return .failure(SessionRefusal(response: response))
        }
    }

    /// Runs one request through the dispatcher, registered with its session for `notifications/cancelled`.
    /// Returns `nil` when the request was cancelled (nothing is sent for it).
    @inline(__always) func run(
        _ request: JSONRPCRequest, _ operation: MCPOperation? = nil, context: CallContext, session: HTTPSession?,
        snapshot: any MCPBackendSnapshot
    ) async -> JSONRPCResponse? {
        let dispatcher = self.dispatcher
        let includeSchemes = configuration.includeSecuritySchemes
        var context = context
        context.requestID = request.id
        context.listsOnlyPermitted = configuration.listsOnlyPermitted
        let call = context
        guard let session else {
            // Sessionless: nothing can cancel this request by id, so it runs inline (no task hop per request).
            let response = await dispatcher.handle(
                request, context: call, includeSecuritySchemes: includeSchemes, snapshot: snapshot, operation: operation
            )
            if response.error == .requestCancelled { return nil }
            return response
        }
        let task = Task {
            await dispatcher.handle(
                request, context: call, includeSecuritySchemes: includeSchemes, session: session.state,
                snapshot: snapshot, operation: operation)
        }
        session.register(request.id) { task.cancel() }
        let response = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        session.finished(request.id)
        if response.error == .requestCancelled { return nil }
        return response
    }

    /// 2026-07-28: an unknown method is HTTP 404 with -32601; everything else that produced a JSON-RPC response is 200.
    func status(of response: JSONRPCResponse, _ context: CallContext) -> HTTPResponse.Status {
        if context.protocolVersion.isModern, response.error?.code == -32601 {
            return .notFound
        }
        return .ok
    }

    /// Runs `operation`, cancelling it if the client closes the connection before it finishes.
    ///
    /// Hummingbird closes the connection once a response produced this way is complete, so this is used only for
    /// SSE streams, whose end is the end of the exchange anyway.
    static func cancellingOnClose<Value: Sendable>(
        _ body: RequestBody,
        _ operation: @escaping @Sendable () async -> Value?
    ) async -> Value? {
        let task = Task { await operation() }
        do {
            return try await body.consumeWithInboundCloseHandler { _ in
                await withTaskCancellationHandler {
                    await task.value
                } onCancel: {
                    task.cancel()
                }
            } onInboundClosed: {
                task.cancel()
            }
        } catch {
            task.cancel()
            return await task.value
        }
    }
}
