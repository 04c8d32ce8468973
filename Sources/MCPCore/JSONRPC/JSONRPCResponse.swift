public import GatehouseJSON

/// A JSON-RPC response the server sends: a result or an error for one request id.
public struct JSONRPCResponse: Sendable {
    /// The request id (`nil` only for errors about a message whose id could not be read).
    public let id: JSONRPCID?
    private let payload: Payload

    private enum Payload: Sendable {
        case outcome(Result<JSONValue, MCPError>)
        /// A result written straight into ``bytes`` rather than built as a `JSONValue` first.
        case serialized(any SerializableResult)
    }

    /// Creates a response.
    public init(id: JSONRPCID?, outcome: Result<JSONValue, MCPError>) {
        self.id = id
        self.payload = .outcome(outcome)
    }

    /// Creates a response whose result serializes itself when ``bytes`` are made.
    public init(id: JSONRPCID?, result: any SerializableResult) {
        self.id = id
        self.payload = .serialized(result)
    }

    /// The outcome.
    public var outcome: Result<JSONValue, MCPError> {
        switch payload {
        case .outcome(let outcome): outcome
        case .serialized(let result): .success(result.json)
        }
    }

    /// The error, if this is an error response (without building a tool result's JSON to find out).
    public var error: MCPError? {
        if case .outcome(.failure(let error)) = payload { return error }
        return nil
    }

    /// The response object.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["jsonrpc": "2.0", "id": id?.json ?? .null]
        switch outcome {
        case .success(let result): object["result"] = result
        case .failure(let error): object["error"] = error.json
        }
        return .object(object)
    }

    /// The serialized response.
    public var body: String { String(decoding: bytes, as: UTF8.self) }

    /// The serialized response as UTF-8 bytes, the same as ``JSONWriter`` writes ``json`` (members in sorted order:
    /// `error`, `id`, `jsonrpc`, `result`) but without building the envelope object first.
    public var bytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        switch payload {
        case .outcome(.success(let result)):
            writeResultPrefix(to: &output)
            JSONWriter.write(result, to: &output)
        case .serialized(let result):
            writeResultPrefix(to: &output)
            result.write(to: &output)
        case .outcome(.failure(let error)):
            output.append(contentsOf: #"{"error":"#.utf8)
            JSONWriter.write(error.json, to: &output)
            output.append(contentsOf: #","id":"#.utf8)
            JSONWriter.write(id?.json ?? .null, to: &output)
            output.append(contentsOf: #","jsonrpc":"2.0""#.utf8)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// `{"id":…,"jsonrpc":"2.0","result":`
    private func writeResultPrefix(to output: inout [UInt8]) {
        output.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.write(id?.json ?? .null, to: &output)
        output.append(contentsOf: #","jsonrpc":"2.0","result":"#.utf8)
    }

    /// Whether this is an error response.
    public var isError: Bool { error != nil }
}

/// A notification the server sends (progress, log messages, list changes).
public struct JSONRPCNotification: Sendable {
    /// The method.
    public let method: String
    /// The params.
    public let params: [String: JSONValue]

    /// Creates a notification.
    public init(method: String, params: [String: JSONValue]) {
        self.method = method
        self.params = params
    }

    /// The serialized notification.
    public var body: String {
        JSONWriter.serialize(["jsonrpc": "2.0", "method": .string(method), "params": .object(params)])
    }
}
