public import GatehouseJSON
import Logging

/// The in-process backend's snapshot serves the operations itself: tools' arguments validated against their input
/// schemas, handlers' failures turned into results or -32603, unknown names -32602.
extension ToolBackend.Snapshot: MCPBackendSnapshot {
    public func requirement(for operation: MCPOperation) -> AuthorizationRequirement {
        switch operation.target {
        case .tool(let name):
            guard let tool = toolsByName[name]?.value else { return AuthorizationRequirement() }
            return AuthorizationRequirement(scopes: tool.requiredScopes, allowsAnonymous: tool.allowsAnonymous)
        case .resource(let uri):
            return AuthorizationRequirement(scopes: resource(for: uri)?.requiredScopes ?? [])
        case .prompt(let name):
            return AuthorizationRequirement(scopes: prompt(named: name)?.requiredScopes ?? [])
        case .completion(.prompt(let name)):
            // Completing a prompt's or a resource's argument reveals what reading it would: the same scopes.
            return AuthorizationRequirement(scopes: prompt(named: name)?.requiredScopes ?? [])
        case .completion(.resource(let uri)):
            return AuthorizationRequirement(scopes: resource(for: uri)?.requiredScopes ?? [])
        case .none:
            return AuthorizationRequirement()
        }
    }

    public func toolDescriptors(for version: ProtocolVersion, includeSecuritySchemes: Bool) -> [JSONValue] {
        tools.map { $0.descriptor(for: version, includeSecuritySchemes: includeSecuritySchemes) }
    }

    public var resourceDescriptors: [JSONValue] { resources.filter { !$0.isTemplate }.map(\.descriptor) }

    public var resourceTemplateDescriptors: [JSONValue] { resources.filter(\.isTemplate).map(\.descriptor) }

    public var promptDescriptors: [JSONValue] { prompts.map(\.descriptor) }

    public func callTool(named name: String, arguments: [String: JSONValue], context: CallContext)
        async throws(MCPError) -> ToolResult
    {
        guard let registered = toolsByName[name] else {
            throw MCPError.invalidParams("unknown tool \"\(name.prefix(100))\"", pointer: "/params/name")
        }
        do {
            try registered.value.inputSchema.validate(.object(arguments))
        } catch {
            throw MCPError.invalidParams("\(error.message)", pointer: "/params/arguments" + error.pointer)
        }
        do {
            return try await registered.value.handler(arguments, context)
        } catch let error as MCPError {
            throw error
        } catch let error as ToolError {
            return .error(error.message)
        } catch is CancellationError {
            throw MCPError.requestCancelled
        } catch {
            context.logger.debug("tool failed", metadata: ["tool": "\(name)", "error": "\(error)"])
            return .error("The tool \"\(name)\" failed.")
        }
    }

    public func readResource(_ uri: String, context: CallContext) async throws(MCPError) -> [ResourceContents] {
        guard let resource = resource(for: uri) else {
            // -32002 until 2025-11-25; -32602 from 2026-07-28 (schema: RESOURCE_NOT_FOUND retired).
            let code = context.protocolVersion.isModern ? -32602 : -32002
            throw MCPError(code: code, message: "Resource not found", data: ["uri": .string(String(uri.prefix(200)))])
        }
        do {
            return try await resource.read(uri, context)
        } catch let error as MCPError {
            throw error
        } catch is CancellationError {
            throw MCPError.requestCancelled
        } catch {
            context.logger.debug("resource read failed", metadata: ["uri": "\(uri)", "error": "\(error)"])
            throw MCPError.internalError
        }
    }

    public func getPrompt(named name: String, arguments: [String: String], context: CallContext)
        async throws(MCPError) -> RenderedPrompt
    {
        guard let prompt = prompt(named: name) else {
            throw MCPError.invalidParams("unknown prompt \"\(name.prefix(100))\"", pointer: "/params/name")
        }
        for argument in prompt.arguments where argument.required && arguments[argument.name] == nil {
            throw MCPError.invalidParams(
                "is required", pointer: "/params/arguments/\(JSONSchema.escape(argument.name))")
        }
        do {
            return RenderedPrompt(
                description: prompt.description, messages: try await prompt.render(arguments, context))
        } catch let error as MCPError {
            throw error
        } catch {
            context.logger.debug("prompt failed", metadata: ["prompt": "\(name)", "error": "\(error)"])
            throw MCPError.internalError
        }
    }

    public func complete(_ reference: CompletionReference, argument: String, prefix: String, context: CallContext)
        async throws(MCPError) -> [String]
    {
        switch reference {
        case .prompt(let name):
            guard let prompt = prompt(named: name) else {
                throw MCPError.invalidParams("unknown prompt", pointer: "/params/ref/name")
            }
            let suggestions = prompt.arguments.first { $0.name == argument }?.suggestions ?? []
            return suggestions.filter { $0.hasPrefix(prefix) }
        case .resource:
            return []  // Resource templates declare no value sources.
        }
    }
}
