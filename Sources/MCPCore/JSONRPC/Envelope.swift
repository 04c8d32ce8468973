import GatehouseJSON

/// The members of a JSON-RPC message that decide what it is, collected as they are read (JSON-RPC 2.0 §4, §5).
/// Other members are ignored.
struct Envelope {
    var version: JSONValue?
    var id: JSONValue?
    var method: JSONValue?
    var params: JSONValue?
    var result: JSONValue?
    var error: JSONValue?

    mutating func read(_ name: String, _ value: JSONValue) {
        switch name {
        case "jsonrpc": version = value
        case "id": id = value
        case "method": method = value
        case "params": params = value
        case "result": result = value
        case "error": error = value
        default: break
        }
    }

    /// The message, or -32600 for anything that is JSON but not a valid message.
    func message() throws(MCPError) -> JSONRPCMessage {
        guard version == "2.0" else {
            throw MCPError.invalidRequest("\"jsonrpc\" must be \"2.0\"")
        }
        if result != nil || error != nil {
            guard method == nil else {
                throw MCPError.invalidRequest("a message cannot be both a request and a response")
            }
            return .response(JSONRPCResponse(id: id.flatMap(JSONRPCID.init), outcome: outcome()))
        }
        guard let method else { throw MCPError.invalidRequest("\"method\" is missing") }
        guard let name = method.stringValue, !name.isEmpty else {
            throw MCPError.invalidRequest("\"method\" must be a non-empty string")
        }
        var members: [String: JSONValue] = [:]
        switch params {
        case nil: break
        case .object(let object)?: members = object
        default: throw MCPError.invalidRequest("\"params\" must be an object")
        }
        guard let id else { return .notification(method: name, params: members) }
        guard let requestID = JSONRPCID(id) else {
            throw MCPError.invalidRequest("\"id\" must be a string or an integer")
        }
        return .request(JSONRPCRequest(id: requestID, method: name, params: members))
    }

    /// A response's outcome, strictly (JSON-RPC 2.0 §5): exactly one of `result` (an object) and `error` (an integer
    /// `code` and a string `message`); anything else is an error saying so.
    private func outcome() -> Result<JSONValue, MCPError> {
        switch (result, error) {
        case (let result?, nil) where result.objectValue != nil:
            return .success(result)
        case (nil, .object(let error)?):
            guard case .number(let text)? = error["code"], let code = Int(text),
                let message = error["message"]?.stringValue
            else { break }
            return .failure(MCPError(code: code, message: String(message.prefix(1000)), data: error["data"]))
        default:
            break
        }
        return .failure(MCPError(code: -32603, message: "the client's response was malformed"))
    }
}
