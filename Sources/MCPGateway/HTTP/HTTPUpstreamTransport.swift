public import AsyncHTTPClient
public import Foundation
public import MCPCore
import NIOCore
import NIOHTTP1
import Synchronization

/// Streamable HTTP to an upstream MCP server (basic/transports, "Streamable HTTP", every revision 2025-03-26 …
/// 2026-07-28): one `POST` per message, answered by a JSON body or an SSE stream carrying the request's
/// notifications and then its response.
///
/// - The session id of a legacy `initialize` is kept and sent with every later request; `MCP-Protocol-Version` is
///   sent once a revision is agreed; 2026-07-28 requests mirror `Mcp-Method` and `Mcp-Name`.
/// - Only the configured ``UpstreamCredentials`` and the request's own extra fields are sent: nothing of the
///   caller's request is copied (no token passthrough). A 401 makes the credentials forget a cached token.
/// - Every request has a deadline covering the whole response, and a response (or one SSE event) larger than the
///   limit is refused. Redirects are not followed and bodies are not decompressed (`HTTPClient.gatehouse`).
public final class HTTPUpstreamTransport: MCPClientTransport {
    private let url: String
    private let httpClient: HTTPClient
    private let credentials: any UpstreamCredentials
    private let timeout: Duration
    private let maximumResponseBytes: Int
    private let state = Mutex(State())

    private struct State {
        var sessionID: String?
        var version: ProtocolVersion?
    }

    /// Creates a transport to the MCP endpoint at `url`.
    ///
    /// - Parameters:
    ///   - timeout: how long one request may take, response body included.
    ///   - maximumResponseBytes: the largest response body (or SSE event) accepted.
    public init(
        url: URL, httpClient: HTTPClient, credentials: any UpstreamCredentials = NoUpstreamCredentials(),
        timeout: Duration = .seconds(30), maximumResponseBytes: Int = 16 << 20
    ) {
        self.url = url.absoluteString
        self.httpClient = httpClient
        self.credentials = credentials
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    public func send(_ request: OutgoingRequest, onMessage: @escaping @Sendable (ServerMessage) async -> Void)
        async throws(MCPClientError) -> JSONRPCResponse
    {
        let sessionID = state.withLock { $0.sessionID }
        let http = try await post(
            request.bytes, version: request.version, method: request.method, name: request.mirroredName,
            extraHeaders: request.headers, sessionID: sessionID)
        // A request that only reads (initialize, the lists, ping) is safe to send again after a connection fails
        // before any answer, as notifications and answers are; one that may act (tools/call, …) never is.
        let attempts = Self.repeatableMethods.contains(request.method) ? Self.deliveryAttempts : 1
        return try await Deadline.run(timeout, applies: request.hasDeadline) { () throws(MCPClientError) in
            let response = try await self.execute(http, attempts: attempts)
            if request.method == "initialize", let id = response.headers.first(name: "Mcp-Session-Id") {
                self.state.withLock { $0.sessionID = id }
            }
            return try await self.read(response, for: request.id, sentSession: sessionID != nil, onMessage: onMessage)
        }
    }

    public func notify(_ notification: OutgoingNotification) async throws(MCPClientError) {
        let sessionID = state.withLock { $0.sessionID }
        let http = try await post(
            notification.bytes, version: notification.version, method: notification.method, name: nil,
            extraHeaders: [], sessionID: sessionID)
        try await deliver(http)
    }

    public func respond(_ response: JSONRPCResponse, version: ProtocolVersion?) async throws(MCPClientError) {
        let sessionID = state.withLock { $0.sessionID }
        let http = try await post(
            response.bytes, version: version, method: nil, name: nil, extraHeaders: [], sessionID: sessionID)
        try await deliver(http)
    }

    public func negotiated(_ version: ProtocolVersion) async {
        state.withLock { $0.version = version }
    }

    public func resetSession() async {
        state.withLock { $0 = State() }
    }

    public func setUnsolicitedHandler(_ handler: @escaping @Sendable (ServerMessage) async -> Void) async {
        // Messages outside a request arrive on the stream ``listen(version:onMessage:)`` holds open (legacy) or on
        // `subscriptions/listen` (2026-07-28), never unsolicited.
    }

    /// A `GET` of the session, held open while the server sends on it (no deadline: it ends when the server ends
    /// it or the task is cancelled); each event is bounded like a response's.
    public func listen(version: ProtocolVersion, onMessage: @escaping @Sendable (ServerMessage) async -> Void)
        async throws(MCPClientError)
    {
        guard let sessionID = state.withLock({ $0.sessionID }) else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "MCP-Protocol-Version", value: version.rawValue)
        request.headers.add(name: "Mcp-Session-Id", value: sessionID)
        do {
            for (name, value) in try await credentials.headers() { request.headers.add(name: name, value: value) }
        } catch {
            throw .credentialsUnavailable(error.description)
        }
        let response = try await execute(request)
        let status = Int(response.status.code)
        guard status == 200 else { throw try await failure(of: response, status: status, sentSession: true) }
        guard Self.mediaType(of: response) == "text/event-stream" else {
            throw .invalidResponse("the GET stream is not an event stream")
        }
        try await events(of: response) { message in
            await onMessage(message)
            return false
        }
    }

    /// Ends a legacy session with `DELETE` (basic/transports, "Session Management"); best effort, and sent even
    /// from a cancelled task (closing is what a shutdown does after cancelling everything else; the upstream would
    /// otherwise keep the session, and hold its `GET` stream open, until it expires).
    public func close() async {
        guard let sessionID = state.withLock({ $0.sessionID }) else { return }
        state.withLock { $0 = State() }
        let (url, httpClient, credentials) = (url, httpClient, credentials)
        await Task {
            var request = HTTPClientRequest(url: url)
            request.method = .DELETE
            request.headers.add(name: "Mcp-Session-Id", value: sessionID)
            if let headers = try? await credentials.headers() {
                for (name, value) in headers { request.headers.add(name: name, value: value) }
            }
            _ = try? await httpClient.execute(request, timeout: .seconds(5))
        }.value
    }

    // MARK: - Requests

    private func post(
        _ body: [UInt8], version: ProtocolVersion?, method: String?, name: String?,
        extraHeaders: [(name: String, value: String)], sessionID: String?
    ) async throws(MCPClientError) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        if let version = version ?? state.withLock({ $0.version }) {
            request.headers.add(name: "MCP-Protocol-Version", value: version.rawValue)
            if version.isModern, let method {
                request.headers.add(name: "Mcp-Method", value: method)
                if let name { request.headers.add(name: "Mcp-Name", value: MirroredHeaderValue.encode(name)) }
            }
        }
        if let sessionID { request.headers.add(name: "Mcp-Session-Id", value: sessionID) }
        do {
            for (name, value) in try await credentials.headers() { request.headers.add(name: name, value: value) }
        } catch {
            throw .credentialsUnavailable(error.description)
        }
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// Sends a message the upstream only acknowledges (a notification, or an answer to its request), within the
    /// deadline. A pooled keep-alive connection the upstream has just closed fails before anything is read
    /// (`remoteConnectionClosed`, a reset), and AsyncHTTPClient never retries a `POST` itself; these messages are
    /// safe to send again (a second answer for an id finds no request waiting and is dropped; a second
    /// `notifications/cancelled` cancels nothing), so up to ``deliveryAttempts`` are made. Without this an answer
    /// could be lost, and the upstream would wait for it until its own timeout.
    private func deliver(_ http: HTTPClientRequest) async throws(MCPClientError) {
        try await Deadline.run(timeout) { () throws(MCPClientError) in
            try await self.expectAccepted(try await self.execute(http, attempts: Self.deliveryAttempts))
        }
    }

    /// How often a notification, an answer or a repeatable request is tried when the connection fails before the
    /// upstream answers.
    static let deliveryAttempts = 3

    /// The requests that only read, so may be sent again: a second `initialize` at most leaves an unused session.
    static let repeatableMethods: Set<String> = [
        "initialize", "ping", "tools/list", "resources/list", "resources/templates/list", "prompts/list",
        "server/discover",
    ]

    /// Executes `request`, again on a new connection (up to `attempts` in all) while the connection fails before
    /// the upstream answers.
    private func execute(_ request: HTTPClientRequest, attempts: Int) async throws(MCPClientError) -> HTTPClientResponse
    {
        for attempt in 1... {
            do throws(MCPClientError) {
                return try await execute(request)
            } catch {
                guard case .unreachable = error, attempt < attempts else { throw error }
            }
        }
        fatalError("unreachable: the loop returns or throws")
    }

    private func execute(_ request: HTTPClientRequest) async throws(MCPClientError) -> HTTPClientResponse {
        do {
            return try await httpClient.execute(request, timeout: .hours(24))
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .unreachable(Self.describe(error))
        }
    }

    private func read(
        _ response: HTTPClientResponse, for id: JSONRPCID, sentSession: Bool,
        onMessage: @escaping @Sendable (ServerMessage) async -> Void
    ) async throws(MCPClientError) -> JSONRPCResponse {
        let status = Int(response.status.code)
        guard status == 200 else {
            throw try await failure(of: response, status: status, sentSession: sentSession)
        }
        switch Self.mediaType(of: response) {
        case "application/json":
            let body = try await collect(response)
            guard case .response(let answer) = try ServerMessage(bytes: body) else {
                throw .invalidResponse("the JSON body is not a response")
            }
            return answer
        case "text/event-stream":
            var answer: JSONRPCResponse?
            try await events(of: response) { message in
                if case .response(let response) = message, response.id == id {
                    answer = response
                    return true
                }
                await onMessage(message)
                return false
            }
            guard let answer else { throw .connectionLost("the event stream ended before the response") }
            return answer
        case let other:
            throw .invalidResponse("Content-Type \(other.prefix(60)) (expected JSON or an event stream)")
        }
    }

    /// Reads the messages of an event stream, each event bounded by the response limit, until `handle` says it has
    /// what it waited for (`true`) or the stream ends.
    private func events(
        of response: HTTPClientResponse, _ handle: (ServerMessage) async throws(MCPClientError) -> Bool
    ) async throws(MCPClientError) {
        var parser = EventStreamParser(maximumEventBytes: maximumResponseBytes)
        do {
            for try await chunk in response.body {
                for event in try parser.feed(chunk.readableBytesView) where !event.data.isEmpty {
                    if try await handle(try ServerMessage(bytes: event.data)) { return }
                }
            }
        } catch let error as MCPClientError {
            throw error
        } catch is EventStreamParser.Oversized {
            throw .responseTooLarge(limit: maximumResponseBytes)
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .connectionLost(Self.describe(error))
        }
    }

    /// The error for a status other than 200: the JSON-RPC error of the body where there is one.
    private func failure(of response: HTTPClientResponse, status: Int, sentSession: Bool) async throws(MCPClientError)
        -> MCPClientError
    {
        if status == 404 && sentSession { return .sessionExpired }
        if status == 401 { await credentials.invalidate() }
        if status == 401 || status == 403 { return .unauthorized(status: status) }
        if Self.mediaType(of: response) == "application/json", let body = try? await collect(response),
            case .response(let answer)? = try? ServerMessage(bytes: body), let error = answer.error
        {
            return .rpc(error)
        }
        return .httpStatus(status)
    }

    private func expectAccepted(_ response: HTTPClientResponse) async throws(MCPClientError) {
        let status = Int(response.status.code)
        guard status == 202 || status == 200 || status == 204 else {
            throw try await failure(of: response, status: status, sentSession: true)
        }
        _ = try? await collect(response)
    }

    private func collect(_ response: HTTPClientResponse) async throws(MCPClientError) -> [UInt8] {
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init),
            length > maximumResponseBytes
        {
            throw .responseTooLarge(limit: maximumResponseBytes)
        }
        var body: [UInt8] = []
        do {
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= maximumResponseBytes else {
                    throw MCPClientError.responseTooLarge(limit: maximumResponseBytes)
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as MCPClientError {
            throw error
        } catch {
            throw .connectionLost(Self.describe(error))
        }
        return body
    }

    private static func mediaType(of response: HTTPClientResponse) -> String {
        mediaType(of: response.headers.first(name: "Content-Type") ?? "")
    }

    /// The media type of a `Content-Type` value: before any parameters, without surrounding spaces or tabs, lower
    /// case (RFC 9110 §8.3.1). By hand, as Foundation's `trimmingCharacters` was a measurable part of a proxied
    /// request.
    static func mediaType(of value: String) -> String {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        var type = Array(value.utf8.prefix { $0 != UInt8(ascii: ";") })
        while let last = type.last, blank(last) { type.removeLast() }
        let start = type.firstIndex { !blank($0) } ?? type.endIndex
        return String(decoding: type[start...], as: UTF8.self).lowercased()
    }

    /// A short description of a connection failure (AsyncHTTPClient's and NIO's errors print their case name).
    static func describe(_ error: any Error) -> String {
        String(String(describing: error).prefix(160))
    }
}
