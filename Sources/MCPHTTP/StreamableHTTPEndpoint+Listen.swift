import GatehouseJSON
import Hummingbird
import MCPCore
import NIOCore

extension StreamableHTTPEndpoint {
    /// The `_meta` key tagging every frame of a listen stream with the `subscriptions/listen` request's id.
    static let subscriptionIDKey = "io.modelcontextprotocol/subscriptionId"

    /// The filter keys of `subscriptions/listen` this server honors, and the notification each one delivers.
    /// (`resourceSubscriptions` is not honored: this server publishes no `notifications/resources/updated`, and
    /// unsupported kinds are left out of the acknowledgment.)
    static let listenKinds = [
        ("toolsListChanged", "notifications/tools/list_changed"),
        ("promptsListChanged", "notifications/prompts/list_changed"),
        ("resourcesListChanged", "notifications/resources/list_changed"),
    ]

    /// 2026-07-28 `subscriptions/listen` (SEP-2575): the response **is** an SSE stream. Its first frame is
    /// `notifications/subscriptions/acknowledged` with the honored subset of the requested filter; then every
    /// requested list change, each tagged with `_meta["io.modelcontextprotocol/subscriptionId"]` = the request's id;
    /// kinds not requested are never sent. The stream ends when the client closes it, or — gracefully, with the
    /// final `SubscriptionsListenResult` — when the server shuts down. No replay: a client re-listens and refetches.
    /// Streams are bounded per endpoint, per principal and for anonymous callers together (`-32603` beyond), and each
    /// lives at most ``StreamableHTTPConfiguration/subscriptionLifetime``.
    func listen(_ request: JSONRPCRequest, context: CallContext, _ exchange: Exchange) -> Response {
        switch authorize(MCPOperation(request), exchange) {
        case .allow: break
        case .deny(let response): return response
        case .toolChallenge:
            return HTTPResponses.error(.forbidden, .invalidRequest("not authorized"), headers: exchange.cors)
        }
        guard exchange.headers.acceptsEventStream else {
            return HTTPResponses.error(
                .notAcceptable,
                .invalidRequest(
                    "subscriptions/listen answers with an SSE stream: Accept must include text/event-stream"),
                id: request.id, headers: exchange.cors)
        }
        guard let filter = request.params["notifications"]?.objectValue else {
            return HTTPResponses.error(
                .ok, .invalidParams("params.notifications must be an object", pointer: "/params/notifications"),
                id: request.id, headers: exchange.cors)
        }
        let honored = Self.listenKinds.filter { filter[$0.0]?.boolValue == true }
        let listener: Int
        let events: AsyncStream<ListenerRegistry.Event>
        switch listeners.register(Set(honored.map(\.1)), bucket: SessionStore.bucket(of: exchange.caller)) {
        case .success(let registered): (listener, events) = registered
        case .failure(let refusal):
            return HTTPResponses.error(
                .ok, MCPError(code: -32603, message: refusal.message), id: request.id, headers: exchange.cors)
        }
        let meta: JSONValue = [Self.subscriptionIDKey: request.id.json]
        let acknowledgment = JSONRPCNotification(
            method: "notifications/subscriptions/acknowledged",
            params: [
                "notifications": .object(Dictionary(uniqueKeysWithValues: honored.map { ($0.0, true) })), "_meta": meta,
            ])
        var responseHeaders = exchange.cors
        responseHeaders[MCPHeaders.protocolVersion] = context.protocolVersion.rawValue
        let body = exchange.body
        let registry = listeners
        // The slot is held by the lease, which the body captures: however the exchange ends — the body written to the
        // end, or never run because the client was gone before the response head went out — releasing the body
        // releases the slot, and the lifetime runs from registration.
        let lease = ListenerRegistry.Lease(
            registry: registry, id: listener, lifetime: configuration.subscriptionLifetime)
        return Response(
            status: .ok,
            headers: HTTPResponses.sseHeaders(responseHeaders),
            body: ResponseBody { writer in
                defer { lease.release() }
                try await writer.write(ServerSentEvent(data: acknowledgment.body).buffer)
                try await body.consumeWithInboundCloseHandler { _ in
                    for await event in events {
                        switch event {
                        case .notification(let method):
                            let frame = JSONRPCNotification(method: method, params: ["_meta": meta])
                            try await writer.write(ServerSentEvent(data: frame.body).buffer)
                        case .end:
                            let result = JSONRPCResponse(
                                id: request.id, outcome: .success(["_meta": meta, "resultType": "complete"]))
                            try await writer.write(ServerSentEvent(data: result.body).buffer)
                        }
                    }
                } onInboundClosed: {
                    registry.finish(lease.id)
                }
                try await writer.finish(nil)
            }
        )
    }
}
