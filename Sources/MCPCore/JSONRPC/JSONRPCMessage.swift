public import GatehouseJSON

/// One incoming JSON-RPC message, decoded in a single pass: `method` is read once and `params` kept as parsed
/// JSON for the method's own decoder.
public enum JSONRPCMessage: Sendable {
    /// A request: it has an id and expects a response.
    case request(JSONRPCRequest)
    /// A notification: no id, no response.
    case notification(method: String, params: [String: JSONValue])
    /// A response or error sent by the client (to a server-initiated request).
    case response(JSONRPCResponse)

    /// Reads one message object.
    ///
    /// Errors are JSON-RPC errors ready to send: -32600 for anything that is JSON but not a valid message.
    public init(_ value: JSONValue) throws(MCPError) {
        guard case .object(let object) = value else {
            throw MCPError.invalidRequest("a message must be a JSON object")
        }
        var envelope = Envelope()
        for (name, member) in object { envelope.read(name, member) }
        self = try envelope.message()
    }

    /// The parser for message bodies: strict, and sharing the long `_meta` member names that every 2026-07-28
    /// request repeats (basic/index "General fields") instead of allocating them per request.
    public static let parser = StrictJSONParser(internedNames: [
        MetaKeys.protocolVersion, MetaKeys.clientCapabilities, MetaKeys.clientInfo, MetaKeys.logLevel,
    ])

    /// The most messages a batch may hold by default (batches exist only in 2025-03-26; no SDK sends large ones).
    public static let defaultMaximumBatchMessages = 32

    /// Parses a request body: one message, or (where the revision allows) a batch.
    ///
    /// A batch is bounded before it is built: parsing stops at its `maximumBatchMessages + 1`-th element (-32600), so
    /// a body of a million tiny elements costs no more than one of `maximumBatchMessages`. A batch in which no element
    /// is an object (`[1,1,…]`) is one -32600, not one error per element (JSON-RPC 2.0 §6 would answer each, which
    /// turns a small body into a response many times its size).
    ///
    /// - Returns: the messages, and whether the body was a batch.
    public static func decodeBody(
        _ bytes: some Collection<UInt8>, parser: StrictJSONParser = JSONRPCMessage.parser,
        maximumBatchMessages: Int = JSONRPCMessage.defaultMaximumBatchMessages
    ) throws(MCPError) -> DecodedBody {
        // One message (the common case) is read member by member: no dictionary of the envelope is built.
        var envelope = Envelope()
        let value: JSONValue?
        do {
            value = try parser.parse(bytes, maximumElements: maximumBatchMessages) { name, member in
                envelope.read(name, member)
            }
        } catch {
            if error.exceedsElementLimit {
                throw MCPError.invalidRequest(
                    "a batch may hold at most \(maximumBatchMessages) messages; send fewer per request")
            }
            throw MCPError.parseError(error.description)
        }
        guard let value else {
            return DecodedBody(single: Result { () throws(MCPError) in try envelope.message() })
        }
        if case .array(let elements) = value {
            guard !elements.isEmpty else { throw MCPError.invalidRequest("an empty batch") }
            guard elements.contains(where: { $0.objectValue != nil }) else {
                throw MCPError.invalidRequest("a batch must hold JSON-RPC message objects")
            }
            return DecodedBody(
                batch: elements.map { element in Result { () throws(MCPError) in try JSONRPCMessage(element) } })
        }
        return DecodedBody(single: Result { () throws(MCPError) in try JSONRPCMessage(value) })
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
    /// The message, or a batch's first message (a batch is never empty).
    public let first: Result<JSONRPCMessage, MCPError>
    /// All messages of a batch; `nil` for a single message, which then needs no array.
    private let batch: [Result<JSONRPCMessage, MCPError>]?

    /// A body of one message.
    init(single: Result<JSONRPCMessage, MCPError>) {
        first = single
        batch = nil
    }

    /// A batch; `messages` must not be empty.
    init(batch messages: [Result<JSONRPCMessage, MCPError>]) {
        precondition(!messages.isEmpty, "decodeBody refuses an empty batch")
        first = messages[0]
        batch = messages
    }

    /// The messages, in order.
    public var messages: [Result<JSONRPCMessage, MCPError>] { batch ?? [first] }
    /// Whether the body was a JSON array (a batch).
    public var isBatch: Bool { batch != nil }
}
