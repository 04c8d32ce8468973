public import GatehouseJSON

/// How an ``MCPClient`` reaches a server: Streamable HTTP, a child process over stdio, or anything else that
/// carries JSON-RPC messages.
///
/// A transport moves messages; the protocol (negotiation, `_meta`, pagination) is the client's. Errors are
/// ``MCPClientError``s; a JSON-RPC error the server sent is a *successful* exchange whose response is an error.
public protocol MCPClientTransport: Sendable {
    /// Sends `request` and returns its response. Messages the server sends for the request before answering it
    /// (progress, log messages, its own requests) are handed to `onMessage` in the order they arrive.
    func send(_ request: OutgoingRequest, onMessage: @escaping @Sendable (ServerMessage) async -> Void)
        async throws(MCPClientError) -> JSONRPCResponse
    /// Sends a notification (nothing is answered).
    func notify(_ notification: OutgoingNotification) async throws(MCPClientError)
    /// Sends the answer to a request the server made (sampling, elicitation, roots).
    func respond(_ response: JSONRPCResponse, version: ProtocolVersion?) async throws(MCPClientError)
    /// Called once the revision is agreed (HTTP sends it as `MCP-Protocol-Version` from then on).
    func negotiated(_ version: ProtocolVersion) async
    /// Forgets the session (HTTP: `Mcp-Session-Id`; stdio: nothing), before a new `initialize`.
    func resetSession() async
    /// Messages the server sends outside any request (`list_changed`, log messages over stdio).
    func setUnsolicitedHandler(_ handler: @escaping @Sendable (ServerMessage) async -> Void) async
    /// Ends the connection (HTTP: `DELETE` of a session; stdio: the process is stopped).
    func close() async
    /// Holds open the stream a legacy session's server sends messages on outside any request (HTTP: a `GET` of the
    /// session; basic/transports, "Listening for Messages from the Server"), handing each to `onMessage`, until the
    /// server ends it or the task is cancelled.
    /// - Throws: ``MCPClientError/httpStatus(_:)`` 405 when the server offers no such stream.
    func listen(version: ProtocolVersion, onMessage: @escaping @Sendable (ServerMessage) async -> Void)
        async throws(MCPClientError)
}

extension MCPClientTransport {
    /// No stream of its own: messages outside requests reach ``setUnsolicitedHandler(_:)`` (stdio), so this returns
    /// at once.
    public func listen(version: ProtocolVersion, onMessage: @escaping @Sendable (ServerMessage) async -> Void)
        async throws(MCPClientError)
    {}
}

/// A request on its way to a server.
public struct OutgoingRequest: Sendable {
    /// The id the response will carry.
    public var id: JSONRPCID
    /// The method.
    public var method: String
    /// The params (including `_meta`).
    public var params: [String: JSONValue]
    /// The revision the request is sent in, once agreed (`nil` for the negotiation itself).
    public var version: ProtocolVersion?
    /// Extra header fields for this request (HTTP only; for example the caller's identity where configured).
    public var headers: [(name: String, value: String)]
    /// Whether the transport's timeout applies; `false` for a request that stays open by design
    /// (`subscriptions/listen`), which ends when its task is cancelled or the server ends it.
    public var hasDeadline: Bool

    /// Creates a request.
    public init(
        id: JSONRPCID, method: String, params: [String: JSONValue], version: ProtocolVersion?,
        headers: [(name: String, value: String)] = [], hasDeadline: Bool = true
    ) {
        self.id = id
        self.method = method
        self.params = params
        self.version = version
        self.headers = headers
        self.hasDeadline = hasDeadline
    }

    /// What the 2026-07-28 `Mcp-Name` header mirrors: `params.name` of `tools/call` and `prompts/get`, `params.uri`
    /// of `resources/read`.
    public var mirroredName: String? {
        switch method {
        case "tools/call", "prompts/get": params["name"]?.stringValue
        case "resources/read": params["uri"]?.stringValue
        default: nil
        }
    }

    /// The request as one JSON-RPC message.
    public var bytes: [UInt8] {
        var object: [String: JSONValue] = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
        if !params.isEmpty { object["params"] = .object(params) }
        return JSONWriter.bytes(.object(object))
    }
}

/// A notification on its way to a server.
public struct OutgoingNotification: Sendable {
    /// The method.
    public var method: String
    /// The params.
    public var params: [String: JSONValue]
    /// The revision agreed, if any.
    public var version: ProtocolVersion?

    /// Creates a notification.
    public init(method: String, params: [String: JSONValue] = [:], version: ProtocolVersion?) {
        self.method = method
        self.params = params
        self.version = version
    }

    /// The notification as one JSON-RPC message.
    public var bytes: [UInt8] {
        var object: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
        if !params.isEmpty { object["params"] = .object(params) }
        return JSONWriter.bytes(.object(object))
    }
}

/// One message a server sent.
public enum ServerMessage: Sendable {
    /// The answer to one of the client's requests.
    case response(JSONRPCResponse)
    /// A notification (progress, a log message, a list change).
    case notification(JSONRPCNotification)
    /// A request of the server's own (sampling, elicitation, roots, ping).
    case request(JSONRPCRequest)

    /// Reads one message the server sent, strictly: a response must carry exactly one of `result` (an object) and
    /// `error` (with an integer `code` and a string `message`).
    public init(_ value: JSONValue) throws(MCPClientError) {
        guard let object = value.objectValue, object["jsonrpc"]?.stringValue == "2.0" else {
            throw .invalidResponse("not a JSON-RPC 2.0 message")
        }
        if let method = object["method"]?.stringValue {
            let params = object["params"]?.objectValue ?? [:]
            if let idValue = object["id"] {
                guard let id = JSONRPCID(idValue) else { throw .invalidResponse("a request id that is not valid") }
                self = .request(JSONRPCRequest(id: id, method: method, params: params))
            } else {
                self = .notification(JSONRPCNotification(method: method, params: params))
            }
            return
        }
        let id = object["id"].flatMap(JSONRPCID.init)
        switch (object["result"], object["error"]) {
        case (let result?, nil):
            guard id != nil, result.objectValue != nil else { throw .invalidResponse("a result that is not an object") }
            self = .response(JSONRPCResponse(id: id, outcome: .success(result)))
        case (nil, let error?):
            guard let error = error.objectValue, let code = error["code"].flatMap(Self.integer),
                let message = error["message"]?.stringValue
            else { throw .invalidResponse("an error without an integer code and a message") }
            let failure = MCPError(code: code, message: message, data: error["data"])
            self = .response(JSONRPCResponse(id: id, outcome: .failure(failure)))
        default:
            throw .invalidResponse("a response with neither or both of result and error")
        }
    }

    /// Parses one message from bytes with the strict parser.
    public init(bytes: some Collection<UInt8>) throws(MCPClientError) {
        let value: JSONValue
        do {
            value = try JSONRPCMessage.parser.parse(bytes)
        } catch {
            throw .invalidResponse("not JSON: \(error.description.prefix(120))")
        }
        try self.init(value)
    }

    private static func integer(_ value: JSONValue) -> Int? {
        guard case .number(let text) = value else { return nil }
        return Int(text)
    }
}
