import GatehouseJSON
import Logging

extension MCPDispatcher {
    /// `tools/call`: find the tool, validate the arguments against its schema, run it.
    func callTool(_ request: JSONRPCRequest, context: CallContext, snapshot: ToolBackend.Snapshot)
        async throws(MCPError)
        -> ToolResult
    {
        guard let name = request.params["name"]?.stringValue else {
            throw MCPError.invalidParams("\"name\" must be a string", pointer: "/params/name")
        }
        guard let registered = snapshot.registeredTool(named: name) else {
            throw MCPError.invalidParams("unknown tool \"\(name.prefix(100))\"", pointer: "/params/name")
        }
        var arguments: [String: JSONValue] = [:]
        switch request.params["arguments"] {
        case nil, .null?: break
        case .object(let members)?: arguments = members
        default: throw MCPError.invalidParams("\"arguments\" must be an object", pointer: "/params/arguments")
        }
        do {
            try registered.value.inputSchema.validate(.object(arguments))
        } catch {
            throw MCPError.invalidParams("\(error.message)", pointer: "/params/arguments" + error.pointer)
        }
        var context = context
        context.requestID = request.id
        context.progressToken = request.meta?["progressToken"]
        let result: ToolResult
        do {
            result = try await registered.value.handler(arguments, context)
        } catch let error as MCPError {
            throw error
        } catch let error as ToolError {
            result = .error(error.message)
        } catch is CancellationError {
            throw MCPError.requestCancelled
        } catch {
            context.logger.debug("tool failed", metadata: ["tool": "\(name)", "error": "\(error)"])
            result = .error("The tool \"\(name)\" failed.")
        }
        return result
    }

    /// `resources/read`.
    func readResource(_ request: JSONRPCRequest, context: CallContext, snapshot: ToolBackend.Snapshot)
        async throws(MCPError) -> JSONValue
    {
        guard let uri = request.params["uri"]?.stringValue else {
            throw MCPError.invalidParams("\"uri\" must be a string", pointer: "/params/uri")
        }
        guard let resource = snapshot.resource(for: uri) else {
            // -32002 until 2025-11-25; -32602 from 2026-07-28 (schema: RESOURCE_NOT_FOUND retired).
            let code = context.protocolVersion.isModern ? -32602 : -32002
            throw MCPError(code: code, message: "Resource not found", data: ["uri": .string(String(uri.prefix(200)))])
        }
        let contents: [ResourceContents]
        do {
            contents = try await resource.read(uri, context)
        } catch let error as MCPError {
            throw error
        } catch is CancellationError {
            throw MCPError.requestCancelled
        } catch {
            context.logger.debug("resource read failed", metadata: ["uri": "\(uri)", "error": "\(error)"])
            throw MCPError.internalError
        }
        var result: [String: JSONValue] = ["contents": .array(contents.map(\.json))]
        if context.protocolVersion.isModern {
            result["resultType"] = "complete"
            result["ttlMs"] = 0
            result["cacheScope"] = "private"
        }
        return .object(result)
    }

    /// `prompts/get`.
    func getPrompt(_ request: JSONRPCRequest, context: CallContext, snapshot: ToolBackend.Snapshot)
        async throws(MCPError) -> JSONValue
    {
        guard let name = request.params["name"]?.stringValue else {
            throw MCPError.invalidParams("\"name\" must be a string", pointer: "/params/name")
        }
        guard let prompt = snapshot.prompt(named: name) else {
            throw MCPError.invalidParams("unknown prompt \"\(name.prefix(100))\"", pointer: "/params/name")
        }
        var arguments: [String: String] = [:]
        if let given = request.params["arguments"] {
            guard let object = given.objectValue else {
                throw MCPError.invalidParams("\"arguments\" must be an object", pointer: "/params/arguments")
            }
            for (key, value) in object {
                guard let string = value.stringValue else {
                    throw MCPError.invalidParams(
                        "prompt arguments are strings", pointer: "/params/arguments/\(JSONSchema.escape(key))")
                }
                arguments[key] = string
            }
        }
        for argument in prompt.arguments where argument.required && arguments[argument.name] == nil {
            throw MCPError.invalidParams(
                "is required", pointer: "/params/arguments/\(JSONSchema.escape(argument.name))")
        }
        let messages: [PromptMessage]
        do {
            messages = try await prompt.render(arguments, context)
        } catch let error as MCPError {
            throw error
        } catch {
            context.logger.debug("prompt failed", metadata: ["prompt": "\(name)", "error": "\(error)"])
            throw MCPError.internalError
        }
        var result: [String: JSONValue] = ["messages": .array(messages.map { $0.json(for: context.protocolVersion) })]
        if let description = prompt.description { result["description"] = .string(description) }
        if context.protocolVersion.isModern { result["resultType"] = "complete" }
        return .object(result)
    }

    /// `completion/complete`: suggestions for prompt arguments that declare them, filtered by the typed prefix.
    func complete(_ request: JSONRPCRequest, version: ProtocolVersion, snapshot: ToolBackend.Snapshot) throws(MCPError)
        -> JSONValue
    {
        guard let reference = request.params["ref"]?.objectValue, let type = reference["type"]?.stringValue else {
            throw MCPError.invalidParams("\"ref\" must be an object with a \"type\"", pointer: "/params/ref")
        }
        guard let argument = request.params["argument"]?.objectValue, let argumentName = argument["name"]?.stringValue,
            let prefix = argument["value"]?.stringValue
        else {
            throw MCPError.invalidParams(
                "\"argument\" must have a \"name\" and a \"value\"", pointer: "/params/argument")
        }
        var values: [String] = []
        switch type {
        case "ref/prompt":
            guard let name = reference["name"]?.stringValue, let prompt = snapshot.prompt(named: name) else {
                throw MCPError.invalidParams("unknown prompt", pointer: "/params/ref/name")
            }
            let suggestions = prompt.arguments.first { $0.name == argumentName }?.suggestions ?? []
            values = suggestions.filter { $0.hasPrefix(prefix) }
        case "ref/resource":
            values = []  // Resource templates declare no value sources.
        default:
            throw MCPError.invalidParams("unknown reference type", pointer: "/params/ref/type")
        }
        let page = Array(values.prefix(100))
        var result: [String: JSONValue] = [
            "completion": [
                "values": .array(page.map(JSONValue.string)), "total": .integer(values.count),
                "hasMore": .bool(values.count > page.count),
            ]
        ]
        if version.isModern { result["resultType"] = "complete" }
        return .object(result)
    }
}

extension MCPError {
    /// The request was cancelled by the client; transports send nothing for it (2025-11-25 utilities/cancellation,
    /// 2026-07-28 basic/patterns/cancellation).
    public static let requestCancelled = MCPError(code: -32800, message: "Request cancelled")
}
