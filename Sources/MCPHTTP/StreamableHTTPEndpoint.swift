import GatehouseJSON
public import Hummingbird
public import Logging
public import MCPCore
import TokenVerification

/// One MCP endpoint over Streamable HTTP, serving every revision from 2025-03-26 to 2026-07-28 on the same path.
///
/// The path of a request, top to bottom (docs/architecture.md numbers the steps):
/// `OPTIONS` preflight → `Origin` check (403) → with bearer authorization: a query token (400) and the
/// `Authorization` field verified (400/401/503) → method (`POST`/`GET`/`DELETE`, else 405) → for `POST`:
/// content type (415), `Accept` (406), body size (413), JSON-RPC decoding (400) → era: a 2026-07-28 request
/// (headers must match the body, 400 -32020/-32022) or a legacy session (`initialize` creates it; later requests
/// need `Mcp-Session-Id`, 400/404, bound to the caller, 403) → the operation decided against the POST's backend
/// snapshot (403 or a tool-level challenge) → dispatch → JSON or SSE response.
public struct StreamableHTTPEndpoint: Sendable {
    /// The protocol dispatcher (and through it the shared tool backend).
    public let dispatcher: MCPDispatcher
    /// The endpoint's settings.
    public let configuration: StreamableHTTPConfiguration
    /// Bearer-token authorization, or `nil` for an open endpoint.
    public let authorization: BearerAuthorization?
    let sessions: SessionStore
    let listeners: ListenerRegistry
    let origins: OriginPolicy

    /// Creates an endpoint.
    /// - Parameters:
    ///   - dispatcher: the dispatcher over the shared backend.
    ///   - configuration: the endpoint's settings.
    ///   - authorization: bearer-token authorization; `nil` serves the endpoint without authentication.
    ///   - now: monotonic seconds, for session idle times (injectable for tests).
    public init(
        dispatcher: MCPDispatcher,
        configuration: StreamableHTTPConfiguration = StreamableHTTPConfiguration(),
        authorization: BearerAuthorization? = nil,
        now: @escaping @Sendable () -> Double = StreamableHTTPEndpoint.monotonicSeconds
    ) {
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.authorization = authorization
        self.origins = OriginPolicy(allowedOrigins: configuration.allowedOrigins)
        let sessions = SessionStore(
            maximumSessions: configuration.maximumSessions,
            maximumPerPrincipal: configuration.maximumSessionsPerPrincipal,
            idleTimeout: configuration.sessionIdleTimeout,
            replayEvents: configuration.replayBufferEvents, replayBytes: configuration.replayBufferBytes,
            replayTotalBytes: configuration.replayBufferTotalBytes,
            idPrefix: configuration.instanceID.map { $0 + "." } ?? "",
            now: now
        )
        self.sessions = sessions
        let listeners = ListenerRegistry(
            maximum: configuration.maximumSubscriptions,
            maximumPerPrincipal: configuration.maximumSubscriptionsPerPrincipal)
        self.listeners = listeners
        dispatcher.backend.observe { change in
            let method: String
            switch change {
            case .tools: method = "notifications/tools/list_changed"
            case .resources: method = "notifications/resources/list_changed"
            case .prompts: method = "notifications/prompts/list_changed"
            }
            let body = JSONRPCNotification(method: method, params: [:]).body
            for session in sessions.all { session.publish(body) }
            listeners.publish(method)
        }
    }

    /// Seconds on the monotonic clock.
    public static let monotonicSeconds: @Sendable () -> Double = {
        let duration = ContinuousClock.now - processStart
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The number of live legacy sessions.
    public var sessionCount: Int { sessions.count }

    /// Removes idle sessions; call periodically (the server does).
    public func sweepIdleSessions() { sessions.sweep() }

    /// Ends every open GET stream (for graceful shutdown: the streams finish cleanly, so in-flight requests can
    /// drain; clients reconnect, resuming with `Last-Event-ID`). Sessions are kept.
    public func closeStreams() {
        for session in sessions.all { session.closeStream() }
        listeners.closeAll()
    }

    /// Handles any request to the endpoint's path.
    /// - Parameters:
    ///   - request: the HTTP request.
    ///   - caller: the authenticated caller, or `nil`.
    ///   - logger: the request's logger.
    public func respond(to request: Request, caller: Caller?, logger: Logger) async -> Response {
        guard let observer = configuration.observer else {
            return await answer(request, caller: caller, logger: logger, recorder: nil)
        }
        let start = ContinuousClock.now
        let recorder = RequestRecorder(endpoint: configuration.endpointName, httpMethod: request.method.rawValue)
        let response = await answer(request, caller: caller, logger: logger, recorder: recorder)
        observer.requestCompleted(recorder.finish(status: response.status.code, duration: .now - start))
        return response
    }

    @inline(__always) func answer(_ request: Request, caller: Caller?, logger: Logger, recorder: RequestRecorder?) async
        -> Response
    {
        let headers = RequestHeaders(request.headers)
        if request.method == .options {
            return HTTPResponses.empty(.noContent, headers: origins.preflightHeaders(origin: headers.origin))
        }
        let limit = configuration.maximumBodyBytes
        guard origins.admits(origin: headers.origin) else {
            return HTTPResponses.error(.forbidden, MCPError.invalidRequest("the Origin is not allowed"))
                .closing(unreadBodyOf: request, limit: limit)
        }
        let cors = origins.corsHeaders(origin: headers.origin)
        var caller = caller
        var token: VerifiedAccessToken?
        // 2026-07-28 names the method in a header, so even a request refused before its body is read is labelled; the
        // body's method, once read, replaces it (a legacy request's `Mcp-Method` header is not checked against the
        // body and must not label it).
        if let recorder, let method = headers.method { recorder.headerMethod(method) }
        if let recorder, let header = headers.traceParent, let parent = TraceParent(header) {
            recorder.trace(parent.traceID)
        }
        if let authorization, let denial = authorization.refusesQueryToken(request.uri) {
            recorder?.denied(denial.reason)
            var response = denial.response
            response.headers.append(contentsOf: cors)
            return response.closing(unreadBodyOf: request, limit: limit)
        }
        if let authorization {
            switch await authorization.verification(authorization: headers.authorization) {
            case .failure(let denial):
                recorder?.denied(denial.reason)
                var response = denial.response
                response.headers.append(contentsOf: cors)
                return response.closing(unreadBodyOf: request, limit: limit)
            case .success(let verification):
                if let verification { recorder?.identified(verification) }
                token = verification?.token
                caller = BearerAuthorization.caller(token)
            }
        }
        switch request.method {
        case .post:
            return await post(
                request, headers: headers, caller: caller, token: token, logger: logger, cors: cors, recorder: recorder)
        case .get: return get(headers, caller: caller, cors: cors).closing(unreadBodyOf: request, limit: limit)
        case .delete: return delete(headers, caller: caller, cors: cors).closing(unreadBodyOf: request, limit: limit)
        default:
            var headers = cors
            headers[.allow] = "GET, POST, DELETE, OPTIONS"
            return HTTPResponses.empty(.methodNotAllowed, headers: headers).closing(unreadBodyOf: request, limit: limit)
        }
    }

    // MARK: POST

    @inline(__always) func post(
        _ request: Request, headers: RequestHeaders, caller: Caller?, token: VerifiedAccessToken?, logger: Logger,
        cors: HTTPFields, recorder: RequestRecorder?
    ) async -> Response {
        let limit = configuration.maximumBodyBytes
        guard headers.contentType(contains: "application/json") else {
            return HTTPResponses.error(
                .unsupportedMediaType, .invalidRequest("Content-Type must be application/json"), headers: cors
            ).closing(unreadBodyOf: request, limit: limit)
        }
        let anyType = headers.accept(contains: "*/*")
        let acceptsJSON = headers.accept == nil || anyType || headers.accept(contains: "application/json")
        let acceptsSSE = anyType || headers.accept(contains: "text/event-stream")
        guard acceptsJSON || acceptsSSE else {
            return HTTPResponses.error(
                .notAcceptable, .invalidRequest("Accept must include application/json or text/event-stream"),
                headers: cors
            ).closing(unreadBodyOf: request, limit: limit)
        }
        var request = request
        let body: ByteBuffer
        switch await Self.collectBody(of: &request, limit: limit, cors: cors) {
        case .success(let collected): body = collected
        case .failure(let refusal): return refusal.response
        }
        let decoded: DecodedBody
        do {
            decoded = try JSONRPCMessage.decodeBody(
                body.readableBytesView, maximumBatchMessages: configuration.maximumBatchMessages)
        } catch {
            return HTTPResponses.error(.badRequest, error, headers: cors)
        }
        if let recorder {
            // Once the body is read, only the body labels the record (its first message; nothing if unreadable).
            switch decoded.first {
            case .success(.request(let first)): recorder.bodyMethod(first.method)
            case .success(.notification(let method, _)): recorder.bodyMethod(method)
            default: recorder.bodyMethod(nil)
            }
        }
        let exchange = Exchange(
            body: request.body, headers: headers, caller: caller, token: token, logger: logger, cors: cors,
            recorder: recorder, prefersSSE: acceptsSSE && (configuration.responseMode == .sse || !acceptsJSON),
            snapshot: dispatcher.backend.snapshot
        )
        if isModern(headers, decoded.first) {
            return await modernPost(decoded, exchange)
        }
        return await legacyPost(decoded.messages, isBatch: decoded.isBatch, exchange)
    }

    /// What one POST needs carried through its handling.
    struct Exchange: Sendable {
        /// The request's body once collected (SSE responses watch it for the client going away); the whole `Request`
        /// is not kept, as copying it retains every part of it.
        let body: RequestBody
        let headers: RequestHeaders
        let caller: Caller?
        let token: VerifiedAccessToken?
        let logger: Logger
        let cors: HTTPFields
        let recorder: RequestRecorder?
        let prefersSSE: Bool
        /// The backend's registrations this POST is decided **and** run against, taken once: a tool re-registered
        /// while the request is in flight can never run under a decision made for its earlier registration.
        let snapshot: any MCPBackendSnapshot

        /// The verified token as the caller sent it, for backends that exchange it (``CallContext/presentedToken``).
        var presentedToken: PresentedToken? {
            guard let token, let value = try? BearerCredential.token(from: headers.authorization) else { return nil }
            return PresentedToken(value: String(value), expiresAt: token.expiresAt)
        }
    }

    /// A 2026-07-28 request: no session header, and either a modern version header or modern `_meta`.
    func isModern(_ headers: RequestHeaders, _ first: Result<JSONRPCMessage, MCPError>) -> Bool {
        guard headers.sessionID == nil else { return false }
        if case .success(.request(let request)) = first, request.method == "initialize" { return false }
        if let header = headers.protocolVersion {
            return !dispatcher.configuration.supportedVersions.contains { !$0.isModern && $0.rawValue == header }
        }
        if case .success(.request(let request)) = first {
            return request.meta?[MetaKeys.protocolVersion] != nil
        }
        return false
    }
}

/// The reference point of ``StreamableHTTPEndpoint/monotonicSeconds``.
private let processStart = ContinuousClock.now
