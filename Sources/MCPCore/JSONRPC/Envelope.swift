import GatehouseJSON

/// The members of a JSON-RPC message that decide what it is, collected as they are read (JSON-RPC 2.0 §4, §5).
/// Other members are ignored.
struct Envelope {
    var version: JSONValue?
    var id: JSONValue?
    var method: JSONValue?
    var params: JSONValue?
    var hasResult = false
    var hasError = false

    mutating func read(_ name: String, _ value: JSONValue) {
        switch name {
        case "jsonrpc": version = value
        case "id": id = value
        case "method": method = value
        case "params": params = value
        case "result": hasResult = true
        case "error": hasError = true
        default: break
        }
    }

    /// The message, or -32600 for anything that is JSON but not a valid message.
    func message() throws(MCPError) -> JSONRPCMessage {
        guard version == "2.0" else {
            throw MCPError.invalidRequest("\"jsonrpc\" must be \"2.0\"")
        }
        if hasResult || hasError {
            guard method == nil else {
                throw MCPError.invalidRequest("a message cannot be both a request and a response")
            }
            return .response(id: id.flatMap(JSONRPCID.init))
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
}
