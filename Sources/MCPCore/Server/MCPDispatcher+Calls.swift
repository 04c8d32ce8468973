import GatehouseJSON

/// The operations' protocol side: params read and checked (-32602 with a JSON Pointer), the result shaped for the
/// revision; what the operation does is the backend snapshot's (``MCPBackendSnapshot``).
extension MCPDispatcher {
    /// `tools/call`: the arguments object, then the snapshot's tool.
    func callTool(
        _ request: JSONRPCRequest, _ operation: MCPOperation, context: CallContext, snapshot: any MCPBackendSnapshot
    ) async throws(MCPError) -> ToolResult {
        guard case .tool(let name) = operation.target else {
            throw MCPError.invalidParams("\"name\" must be a string", pointer: "/params/name")
        }
        let arguments = try Self.arguments(of: request)
        var context = context
        context.requestID = request.id
        context.progressToken = request.meta?["progressToken"]
        return try await snapshot.callTool(named: name, arguments: arguments, context: context)
    }

    /// `params.arguments`: an object, or absent (`null` counts as absent).
    static func arguments(of request: JSONRPCRequest) throws(MCPError) -> [String: JSONValue] {
        switch request.params["arguments"] {
        case nil, .null?: return [:]
        case .object(let members)?: return members
        default: throw MCPError.invalidParams("\"arguments\" must be an object", pointer: "/params/arguments")
        }
    }

    /// `resources/read`.
    func readResource(_ operation: MCPOperation, context: CallContext, snapshot: any MCPBackendSnapshot)
        async throws(MCPError) -> JSONValue
    {
        guard case .resource(let uri) = operation.target else {
            throw MCPError.invalidParams("\"uri\" must be a string", pointer: "/params/uri")
        }
        let contents = try await snapshot.readResource(uri, context: context)
        var result: [String: JSONValue] = ["contents": .array(contents.map(\.json))]
        if context.protocolVersion.isModern {
            result["resultType"] = "complete"
            result["ttlMs"] = 0
            result["cacheScope"] = "private"
        }
        return .object(result)
    }

    /// `prompts/get`: string arguments, then the snapshot's prompt.
    func getPrompt(
        _ request: JSONRPCRequest, _ operation: MCPOperation, context: CallContext, snapshot: any MCPBackendSnapshot
    ) async throws(MCPError) -> JSONValue {
        guard case .prompt(let name) = operation.target else {
            throw MCPError.invalidParams("\"name\" must be a string", pointer: "/params/name")
        }
        var arguments: [String: String] = [:]
        for (key, value) in try Self.arguments(of: request) {
            guard let string = value.stringValue else {
                throw MCPError.invalidParams(
                    "prompt arguments are strings", pointer: "/params/arguments/\(JSONSchema.escape(key))")
            }
            arguments[key] = string
        }
        let prompt = try await snapshot.getPrompt(named: name, arguments: arguments, context: context)
        var result: [String: JSONValue] = [
            "messages": .array(prompt.messages.map { $0.json(for: context.protocolVersion) })
        ]
        if let description = prompt.description { result["description"] = .string(description) }
        if context.protocolVersion.isModern { result["resultType"] = "complete" }
        return .object(result)
    }

    /// `completion/complete`: the reference and argument, then the snapshot's values (at most 100 per answer).
    func complete(
        _ request: JSONRPCRequest, _ operation: MCPOperation, context: CallContext, snapshot: any MCPBackendSnapshot
    ) async throws(MCPError) -> JSONValue {
        guard let reference = request.params["ref"]?.objectValue, let type = reference["type"]?.stringValue else {
            throw MCPError.invalidParams("\"ref\" must be an object with a \"type\"", pointer: "/params/ref")
        }
        guard let argument = request.params["argument"]?.objectValue, let argumentName = argument["name"]?.stringValue,
            let prefix = argument["value"]?.stringValue
        else {
            throw MCPError.invalidParams(
                "\"argument\" must have a \"name\" and a \"value\"", pointer: "/params/argument")
        }
        guard case .completion(let target) = operation.target else {
            switch type {
            case "ref/prompt": throw MCPError.invalidParams("unknown prompt", pointer: "/params/ref/name")
            case "ref/resource": throw MCPError.invalidParams("\"uri\" must be a string", pointer: "/params/ref/uri")
            default: throw MCPError.invalidParams("unknown reference type", pointer: "/params/ref/type")
            }
        }
        let values = try await snapshot.complete(target, argument: argumentName, prefix: prefix, context: context)
        let page = Array(values.prefix(100))
        var result: [String: JSONValue] = [
            "completion": [
                "values": .array(page.map(JSONValue.string)), "total": .integer(values.count),
                "hasMore": .bool(values.count > page.count),
            ]
        ]
        if context.protocolVersion.isModern { result["resultType"] = "complete" }
        return .object(result)
    }
}

extension MCPError {
    /// The request was cancelled by the client; transports send nothing for it (2025-11-25 utilities/cancellation,
    /// 2026-07-28 basic/patterns/cancellation).
    public static let requestCancelled = MCPError(code: -32800, message: "Request cancelled")
}
