public import GatehouseJSON

/// One incoming JSON-RPC message, decoded in a single pass: `method` is read once and `params` kept as parsed
/// JSON for the method's own decoder.
public enum JSONRPCMessage: Sendable {
    /// A request: it has an id and expects a response.
    case request(JSONRPCRequest)
    /// A notification: no id, no response.
    case notification(method: String, params: [String: JSONValue])
    /// A response or error sent by the client (to a server-initiated request).
    case response(id: JSONRPCID?)

    /// Reads one message object.
    ///
    /// Errors are JSON-RPC errors ready to send: -32600 for anything that is JSON but not a valid message.
    public init(_ value: JSONValue) throws(MCPError) {
        guard case .object(let object) = value else {
            throw MCPError.invalidRequest("a message must be a JSON object")
        }
        guard object["jsonrpc"] == "2.0" else {
            throw MCPError.invalidRequest("\"jsonrpc\" must be \"2.0\"")
        }
        if object["result"] != nil || object["error"] != nil {
            guard object["method"] == nil else {
                throw MCPError.invalidRequest("a message cannot be both a request and a response")
            }
            self = .response(id: object["id"].flatMap(JSONRPCID.init))
            return
        }
        guard let methodValue = object["method"] else { throw MCPError.invalidRequest("\"method\" is missing") }
        guard let method = methodValue.stringValue, !method.isEmpty else {
            throw MCPError.invalidRequest("\"method\" must be a non-empty string")
        }
        var params: [String: JSONValue] = [:]
        switch object["params"] {
        case nil: break
        case .object(let members)?: params = members
        default: throw MCPError.invalidRequest("\"params\" must be an object")
        }
        guard let idValue = object["id"] else {
            self = .notification(method: method, params: params)
            return
        }
        guard let id = JSONRPCID(idValue) else {
            throw MCPError.invalidRequest("\"id\" must be a string or an integer")
        }
        self = .request(JSONRPCRequest(id: id, method: method, params: params))
    }

    /// Parses a request body: one message, or (where the revision allows) a batch.
    ///
    /// - Returns: the messages, and whether the body was a batch.
    public static func decodeBody(_ bytes: some Collection<UInt8>, parser: StrictJSONParser = StrictJSONParser())
        throws(MCPError) -> DecodedBody
    {
        let value: JSONValue
        do {
            value = try parser.parse(bytes)
        } catch {
            throw MCPError.parseError(error.description)
        }
        if case .array(let elements) = value {
            guard !elements.isEmpty else { throw MCPError.invalidRequest("an empty batch") }
            return DecodedBody(
                messages: elements.map { element in Result { () throws(MCPError) in try JSONRPCMessage(element) } },
                isBatch: true
            )
        }
        return DecodedBody(messages: [Result { () throws(MCPError) in try JSONRPCMessage(value) }], isBatch: false)
    }
}

/// A JSON-RPC request.
public struct JSONRPCRequest: Sendable {
    /// The id, echoed in the response.
    public let id: JSONRPCID
    /// The method name.
    public let method: String
    /// The params object (empty if absent).
    public let params: [String: JSONValue]

    /// Creates a request.
    public init(id: JSONRPCID, method: String, params: [String: JSONValue] = [:]) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// `params._meta`, if present and an object.
    public var meta: [String: JSONValue]? { params["_meta"]?.objectValue }
}

/// A decoded request body: its messages (each decoded or refused on its own) and whether it was a batch.
public struct DecodedBody: Sendable {
    /// The messages, in order.
    public let messages: [Result<JSONRPCMessage, MCPError>]
    /// Whether the body was a JSON array (a batch).
    public let isBatch: Bool
}
