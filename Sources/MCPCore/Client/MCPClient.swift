public import GatehouseJSON
import Logging

/// An MCP client: negotiates a revision with one server and sends it requests in that revision.
///
/// It connects on first use, preferring the newest revision both sides support: a 2026-07-28 `server/discover`
/// first (basic/versioning, "Version negotiation"), then a legacy `initialize` handshake when the server does not
/// answer it. Every 2026-07-28 request carries the revision, capabilities and client info in `_meta`; legacy
/// requests travel in the session the handshake opened, which is opened again once if the server forgets it.
///
/// Cancelling the task of a request sends `notifications/cancelled` for it (basic/utilities/cancellation).
/// Requests the server makes of the client are answered by ``serverRequestHandler``.
public actor MCPClient {
    /// Answers a request the server made of the client (sampling, elicitation, roots); `ping` is answered here.
    public typealias ServerRequestHandler = @Sendable (JSONRPCRequest) async -> Result<JSONValue, MCPError>

    private let transport: any MCPClientTransport
    private let clientInfo: JSONValue
    private let versions: [ProtocolVersion]
    private let serverRequestHandler: ServerRequestHandler
    private let capabilities: [String: JSONValue]
    private var state = State.disconnected
    private var nextID = 0

    private enum State {
        case disconnected
        case connecting(Task<ServerDescription, any Error>)
        case connected(ServerDescription)
        case closed
    }

    /// Creates a client over `transport`.
    ///
    /// - Parameters:
    ///   - clientInfo: the `clientInfo` sent to the server (name and version).
    ///   - versions: the revisions this client may speak (default: every revision Gatehouse implements).
    ///   - serverRequestHandler: answers the server's own requests (default: -32601 for each, so a server that
    ///     asks for sampling or elicitation gets a clear refusal rather than silence).
    ///   - capabilities: the client capabilities declared in a legacy `initialize` and, unless a request declares
    ///     its own in `_meta`, on every 2026-07-28 request.
    public init(
        transport: any MCPClientTransport,
        clientInfo: JSONValue = ["name": "gatehouse", "version": "1"],
        versions: [ProtocolVersion] = ProtocolVersion.supported,
        capabilities: [String: JSONValue] = [:],
        serverRequestHandler: @escaping ServerRequestHandler = MCPClient.refuseServerRequest
    ) {
        self.transport = transport
        self.clientInfo = clientInfo
        self.versions = versions.sorted()
        self.capabilities = capabilities
        self.serverRequestHandler = serverRequestHandler
    }

    /// The default answer to a server's request: -32601, naming the method.
    public static let refuseServerRequest: ServerRequestHandler = { request in
        .failure(
            MCPError(
                code: -32601,
                message: "Method not found: this client cannot answer \(request.method.prefix(100)) requests"))
    }

    /// Connects (negotiates a revision) if not connected yet, and returns what the server said.
    @discardableResult
    public func connect() async throws(MCPClientError) -> ServerDescription {
        switch state {
        case .connected(let description): return description
        case .closed: throw .closed
        case .connecting(let task): return try await Self.value(of: task)
        case .disconnected:
            let task = Task { try await self.negotiate() }
            state = .connecting(task)
            do {
                let description = try await Self.value(of: task)
                if case .connecting = state { state = .connected(description) }
                return description
            } catch {
                if case .connecting = state { state = .disconnected }
                throw error
            }
        }
    }

    /// Sends `method` with `params` and returns its result object.
    ///
    /// - Parameters:
    ///   - headers: extra HTTP header fields for this request (ignored by stdio).
    ///   - onMessage: notifications the server sends for this request (progress, log messages).
    /// - Throws: ``MCPClientError/rpc(_:)`` when the server answers with an error; another case when it does not
    ///   answer properly.
    ///   - hasDeadline: `false` for a request that stays open by design (`subscriptions/listen`).
    ///   - onRequest: answers requests the server makes while answering this one (a legacy server's elicitation,
    ///     sampling or roots on the request's stream); the client's ``ServerRequestHandler`` when `nil`.
    public func request(
        _ method: String, params: [String: JSONValue] = [:], headers: [(name: String, value: String)] = [],
        hasDeadline: Bool = true, onRequest: ServerRequestHandler? = nil,
        onMessage: @escaping @Sendable (JSONRPCNotification) async -> Void = { _ in }
    ) async throws(MCPClientError) -> [String: JSONValue] {
        var retried = false
        while true {
            let description = try await connect()
            do {
                return try await send(
                    method, params: params, version: description.version, headers: headers, hasDeadline: hasDeadline,
                    onRequest: onRequest, onMessage: onMessage)
            } catch .sessionExpired where !retried && !description.version.isModern {
                // basic/transports, "Session Management": a 404 for a session id means start a new session.
                retried = true
                await disconnect(from: description)
            } catch .connectionLost(let detail) {
                await disconnect(from: description)
                throw .connectionLost(detail)
            }
        }
    }

    /// Every item of a paginated list (`tools/list`, `resources/list`, …), following `nextCursor` up to
    /// `maximumPages` pages.
    public func list(_ method: String, key: String, maximumPages: Int = 100) async throws(MCPClientError)
        -> [JSONValue]
    {
        var items: [JSONValue] = []
        var cursor: String?
        for _ in 0..<maximumPages {
            var params: [String: JSONValue] = [:]
            if let cursor { params["cursor"] = .string(cursor) }
            let result = try await request(method, params: params)
            guard let page = result[key]?.arrayValue else {
                throw .invalidResponse("\(method) answered without a \(key) array")
            }
            items += page
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { return items }
            cursor = next
        }
        throw .invalidResponse("\(method) has more than \(maximumPages) pages")
    }

    /// Sends a notification in the agreed revision (nothing if not connected).
    public func notify(_ method: String, params: [String: JSONValue] = [:]) async throws(MCPClientError) {
        guard case .connected(let description) = state else { return }
        try await transport.notify(
            OutgoingNotification(method: method, params: params, version: description.version))
    }

    /// Messages outside any request (list changes, stdio log messages) go to `handler`.
    /// Requests the server makes outside any request are answered by the client's ``ServerRequestHandler``.
    public func onUnsolicited(_ handler: @escaping @Sendable (ServerMessage) async -> Void) async {
        let transport = self.transport
        let answerer = serverRequestHandler
        await transport.setUnsolicitedHandler { message in
            guard case .request(let request) = message else { return await handler(message) }
            await Self.answer(request, with: answerer, over: transport, version: nil)
        }
    }

    /// Holds a legacy session's stream of messages outside requests open (HTTP `GET`; basic/transports, "Listening
    /// for Messages from the Server"): notifications go to `onNotification`, the server's requests are answered by
    /// the ``ServerRequestHandler``. Returns when the server ends the stream; a 2026-07-28 server has no such stream
    /// (it announces changes on `subscriptions/listen`), so this returns at once.
    /// - Throws: ``MCPClientError/httpStatus(_:)`` 405 when the server offers no stream.
    public func listenOutsideRequests(onNotification: @escaping @Sendable (JSONRPCNotification) async -> Void)
        async throws(MCPClientError)
    {
        let description = try await connect()
        guard !description.version.isModern else { return }
        let transport = self.transport
        let handler = serverRequestHandler
        try await transport.listen(version: description.version) { message in
            switch message {
            case .notification(let notification): await onNotification(notification)
            case .request(let request):
                await Self.answer(request, with: handler, over: transport, version: description.version)
            case .response: break
            }
        }
    }

    /// Answers a request of the server's: `ping` here, anything else by `handler`.
    private static func answer(
        _ request: JSONRPCRequest, with handler: ServerRequestHandler, over transport: any MCPClientTransport,
        version: ProtocolVersion?
    ) async {
        let outcome: Result<JSONValue, MCPError> = request.method == "ping" ? .success([:]) : await handler(request)
        // Sent from a task of its own: a call cancelled while the server waits (its answer is then the cancellation
        // error) must still reach the server, which would otherwise wait for it until its own timeout.
        let response = JSONRPCResponse(id: request.id, outcome: outcome)
        await Task { try? await transport.respond(response, version: version) }.value
    }

    /// Forgets the connection after the transport lost it (a restarted process needs a new handshake).
    public func reset() async {
        if case .connected = state { state = .disconnected }
        await transport.resetSession()
    }

    /// The revision agreed, if connected.
    public var description: ServerDescription? {
        if case .connected(let description) = state { return description }
        return nil
    }

    /// Closes the client and its transport; later requests fail with ``MCPClientError/closed``.
    public func close() async {
        if case .connecting(let task) = state { task.cancel() }
        state = .closed
        await transport.close()
    }

    // MARK: - Negotiation

    private func negotiate() async throws(MCPClientError) -> ServerDescription {
        if let modern = versions.last(where: \.isModern) {
            do {
                let result = try await send(
                    "server/discover", params: [:], version: modern, headers: [], hasDeadline: true, onRequest: nil,
                    onMessage: { _ in })
                let offered = result["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
                if let version = versions.reversed().first(where: { $0.isModern && offered.contains($0.rawValue) }) {
                    await transport.negotiated(version)
                    return ServerDescription(
                        version: version, capabilities: result["capabilities"]?.objectValue ?? [:],
                        serverInfo: result["_meta"]?.objectValue?["io.modelcontextprotocol/serverInfo"],
                        instructions: result["instructions"]?.stringValue)
                }
            } catch let error where Self.meansLegacyServer(error) {
                // Not a 2026-07-28 server: fall back to the handshake.
            }
        }
        return try await initialize()
    }

    private func initialize() async throws(MCPClientError) -> ServerDescription {
        guard let requested = versions.last(where: { !$0.isModern }) else {
            throw .unsupportedVersion("no legacy revision (the server does not answer server/discover)")
        }
        await transport.resetSession()
        let params: [String: JSONValue] = [
            "protocolVersion": .string(requested.rawValue), "capabilities": .object(capabilities),
            "clientInfo": clientInfo,
        ]
        let result = try await exchange(
            OutgoingRequest(id: takeID(), method: "initialize", params: params, version: nil), onMessage: { _ in })
        let offered = result["protocolVersion"]?.stringValue ?? ""
        guard let version = versions.first(where: { $0.rawValue == offered && !$0.isModern }) else {
            throw .unsupportedVersion(offered)
        }
        await transport.negotiated(version)
        try await transport.notify(OutgoingNotification(method: "notifications/initialized", version: version))
        return ServerDescription(
            version: version, capabilities: result["capabilities"]?.objectValue ?? [:],
            serverInfo: result["serverInfo"], instructions: result["instructions"]?.stringValue)
    }

    /// Whether a failed `server/discover` means "a server of the legacy era" rather than "a broken server".
    private static func meansLegacyServer(_ error: MCPClientError) -> Bool {
        switch error {
        case .rpc: true
        case .httpStatus(let status): (400..<500).contains(status) && status != 408 && status != 429
        default: false
        }
    }

    // MARK: - Sending

    private func send(
        _ method: String, params: [String: JSONValue], version: ProtocolVersion,
        headers: [(name: String, value: String)], hasDeadline: Bool, onRequest: ServerRequestHandler?,
        onMessage: @escaping @Sendable (JSONRPCNotification) async -> Void
    ) async throws(MCPClientError) -> [String: JSONValue] {
        var params = params
        if version.isModern {
            var meta = params["_meta"]?.objectValue ?? [:]
            meta[MetaKeys.protocolVersion] = .string(version.rawValue)
            // Capabilities a caller put in `_meta` (a gateway declaring what its own caller can answer) stay.
            if meta[MetaKeys.clientCapabilities]?.objectValue == nil {
                meta[MetaKeys.clientCapabilities] = .object(capabilities)
            }
            meta[MetaKeys.clientInfo] = clientInfo
            params["_meta"] = .object(meta)
        } else if var meta = params["_meta"]?.objectValue, meta[MetaKeys.clientCapabilities] != nil {
            // A legacy session declared its capabilities in `initialize`; a per-request declaration means nothing.
            meta[MetaKeys.clientCapabilities] = nil
            params["_meta"] = meta.isEmpty ? nil : .object(meta)
        }
        let request = OutgoingRequest(
            id: takeID(), method: method, params: params, version: version, headers: headers, hasDeadline: hasDeadline)
        return try await exchange(request, onRequest: onRequest, onMessage: onMessage)
    }

    private func exchange(
        _ request: OutgoingRequest, onRequest: ServerRequestHandler? = nil,
        onMessage: @escaping @Sendable (JSONRPCNotification) async -> Void
    ) async throws(MCPClientError) -> [String: JSONValue] {
        let transport = self.transport
        let handler = onRequest ?? serverRequestHandler
        let relay: @Sendable (ServerMessage) async -> Void = { message in
            switch message {
            case .notification(let notification): await onMessage(notification)
            case .request(let serverRequest):
                await Self.answer(serverRequest, with: handler, over: transport, version: request.version)
            case .response: break
            }
        }
        let response: JSONRPCResponse
        do {
            response = try await withTaskCancellationHandler {
                try await transport.send(request, onMessage: relay)
            } onCancel: {
                Self.sendCancellation(of: request, over: transport)
            }
        } catch let error as MCPClientError {
            if case .timedOut = error { Self.sendCancellation(of: request, over: transport) }
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .connectionLost("\(error)")
        }
        guard response.id == request.id else { throw .invalidResponse("a response for another request id") }
        switch response.outcome {
        case .success(let result):
            guard let object = result.objectValue else { throw .invalidResponse("a result that is not an object") }
            return object
        case .failure(let error):
            throw .rpc(error)
        }
    }

    /// basic/utilities/cancellation: the request is abandoned, so tell the server (best effort, never awaited).
    private nonisolated static func sendCancellation(
        of request: OutgoingRequest, over transport: any MCPClientTransport
    ) {
        guard request.method != "initialize" else { return }  // The specification forbids cancelling it.
        let notification = OutgoingNotification(
            method: "notifications/cancelled",
            params: ["requestId": request.id.json, "reason": "the caller cancelled the request"],
            version: request.version)
        Task { try? await transport.notify(notification) }
    }

    /// Forgets the connection `description` belongs to, unless another has replaced it meanwhile (a late failure of an
    /// old request must not erase the session a new handshake opened).
    private func disconnect(from description: ServerDescription) async {
        guard case .connected(let current) = state, current == description else { return }
        state = .disconnected
        await transport.resetSession()
    }

    private func takeID() -> JSONRPCID {
        nextID += 1
        return .number(nextID)
    }

    private static func value(of task: Task<ServerDescription, any Error>) async throws(MCPClientError)
        -> ServerDescription
    {
        do {
            return try await task.value
        } catch let error as MCPClientError {
            throw error
        } catch {
            throw .connectionLost("\(error)")
        }
    }
}
