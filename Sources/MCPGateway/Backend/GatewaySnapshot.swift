public import GatehouseJSON
public import MCPCore

/// The gateway's lists at one moment, merged from every upstream's catalog, and the routes from each served name to
/// the upstream that serves it. Only names a rule allows are in it: an unknown or denied name is -32602 and is never
/// forwarded, which is why ``requirement(for:)`` may ask nothing for it.
public struct GatewaySnapshot: MCPBackendSnapshot {
    struct Route: Sendable {
        let upstream: Upstream
        let name: String
        let descriptor: [String: JSONValue]
        let access: UpstreamAccess
    }

    private(set) var tools: [(String, Route)] = []
    private var toolsByName: [String: Route] = [:]
    private var prompts: [(String, Route)] = []
    private var promptsByName: [String: Route] = [:]
    private var resources: [String: Route] = [:]
    private var resourceOrder: [String] = []
    private var templates: [Route] = []

    /// Merges the catalogs of `upstreams`, in order; where two upstreams serve the same name, the first wins.
    init(upstreams: [Upstream]) {
        for upstream in upstreams {
            guard let catalog = upstream.catalog else { continue }
            let configuration = upstream.configuration
            for case .object(let tool) in catalog.tools {
                guard let name = tool["name"]?.stringValue else { continue }
                let access = configuration.tools.access(for: name)
                let exposed = configuration.prefix + name
                guard access != .deny, toolsByName[exposed] == nil else { continue }
                let route = Route(upstream: upstream, name: name, descriptor: tool, access: access)
                tools.append((exposed, route))
                toolsByName[exposed] = route
            }
            for case .object(let prompt) in catalog.prompts {
                guard let name = prompt["name"]?.stringValue else { continue }
                let access = configuration.prompts.access(for: name)
                let exposed = configuration.prefix + name
                guard access != .deny, promptsByName[exposed] == nil else { continue }
                let route = Route(upstream: upstream, name: name, descriptor: prompt, access: access)
                prompts.append((exposed, route))
                promptsByName[exposed] = route
            }
            for case .object(let resource) in catalog.resources {
                guard let uri = resource["uri"]?.stringValue else { continue }
                let access = configuration.resources.access(for: uri)
                guard access != .deny, resources[uri] == nil else { continue }
                resources[uri] = Route(upstream: upstream, name: uri, descriptor: resource, access: access)
                resourceOrder.append(uri)
            }
            for case .object(let template) in catalog.templates {
                guard let uriTemplate = template["uriTemplate"]?.stringValue else { continue }
                let access = configuration.resources.access(for: uriTemplate)
                guard access != .deny else { continue }
                templates.append(Route(upstream: upstream, name: uriTemplate, descriptor: template, access: access))
            }
        }
    }

    /// The route of a resource URI: a listed resource, else the first template that matches it. A template's URIs
    /// are also checked against the rules themselves, so a rule for `notes://private/*` applies to a template
    /// `notes://{id}` too.
    private func resourceRoute(_ uri: String) -> Route? {
        if let route = resources[uri] { return route }
        guard let template = templates.first(where: { Resource.uri(uri, matchesTemplate: $0.name) }) else { return nil }
        let own = template.upstream.configuration.resources.access(for: uri)
        guard own != .deny else { return nil }
        return Route(upstream: template.upstream, name: uri, descriptor: template.descriptor, access: own)
    }

    /// How many tools of the upstream named `name` are served.
    public func toolCount(of name: String) -> Int { tools.count { $0.1.upstream.name == name } }

    // MARK: - MCPBackendSnapshot

    public func requirement(for operation: MCPOperation) -> AuthorizationRequirement {
        let route: Route?
        switch operation.target {
        case .tool(let name): route = toolsByName[name]
        case .prompt(let name), .completion(.prompt(let name)): route = promptsByName[name]
        case .resource(let uri), .completion(.resource(let uri)): route = resourceRoute(uri)
        case .none: route = nil
        }
        // An unknown name fails with -32602 before anything is forwarded, so it needs nothing here.
        return route?.access.requirement ?? AuthorizationRequirement()
    }

    public func toolDescriptors(for version: ProtocolVersion, includeSecuritySchemes: Bool) -> [JSONValue] {
        tools.map { exposed, route in
            DescriptorTranslation.tool(
                route.descriptor, name: exposed, version: version,
                securitySchemes: includeSecuritySchemes ? route.access.requirement?.securitySchemes : nil)
        }
    }

    public var resourceDescriptors: [JSONValue] {
        resourceOrder.compactMap { resources[$0].map { .object($0.descriptor) } }
    }

    public var resourceTemplateDescriptors: [JSONValue] { templates.map { .object($0.descriptor) } }

    public var promptDescriptors: [JSONValue] {
        prompts.map { exposed, route in DescriptorTranslation.prompt(route.descriptor, name: exposed) }
    }

    public var allScopes: [String] {
        var seen = Set<String>()
        return (tools.map(\.1) + prompts.map(\.1) + Array(resources.values) + templates)
            .flatMap { $0.access.requirement?.scopes ?? [] }
            .filter { seen.insert($0).inserted }
    }

    public func callTool(named name: String, arguments: [String: JSONValue], context: CallContext)
        async throws(MCPError) -> ToolResult
    {
        guard let route = toolsByName[name] else {
            throw MCPError.invalidParams("unknown tool \"\(name.prefix(100))\"", pointer: "/params/name")
        }
        let result = try await route.upstream.call(
            "tools/call", params: ["name": .string(route.name), "arguments": .object(arguments)], context: context)
        guard let content = result["content"]?.arrayValue else {
            throw route.upstream.failure(.invalidResponse("a tools/call result without content"))
        }
        return ToolResult(
            content: content.map(ToolContent.block), structuredContent: result["structuredContent"],
            isError: result["isError"]?.boolValue ?? false)
    }

    public func readResource(_ uri: String, context: CallContext) async throws(MCPError) -> [ResourceContents] {
        guard let route = resourceRoute(uri) else {
            let code = context.protocolVersion.isModern ? -32602 : -32002
            throw MCPError(code: code, message: "Resource not found", data: ["uri": .string(String(uri.prefix(200)))])
        }
        let result = try await route.upstream.call("resources/read", params: ["uri": .string(uri)], context: context)
        guard let contents = result["contents"]?.arrayValue else {
            throw route.upstream.failure(.invalidResponse("a resources/read result without contents"))
        }
        return try contents.map { (item) throws(MCPError) -> ResourceContents in
            guard let object = item.objectValue, let itemURI = object["uri"]?.stringValue,
                object["text"]?.stringValue != nil || object["blob"]?.stringValue != nil
            else { throw route.upstream.failure(.invalidResponse("resource contents without a uri and text or blob")) }
            return ResourceContents(
                uri: itemURI, mimeType: object["mimeType"]?.stringValue, text: object["text"]?.stringValue,
                blob: object["blob"]?.stringValue)
        }
    }

    public func getPrompt(named name: String, arguments: [String: String], context: CallContext)
        async throws(MCPError) -> RenderedPrompt
    {
        guard let route = promptsByName[name] else {
            throw MCPError.invalidParams("unknown prompt \"\(name.prefix(100))\"", pointer: "/params/name")
        }
        let result = try await route.upstream.call(
            "prompts/get",
            params: ["name": .string(route.name), "arguments": .object(arguments.mapValues(JSONValue.string))],
            context: context)
        guard let messages = result["messages"]?.arrayValue else {
            throw route.upstream.failure(.invalidResponse("a prompts/get result without messages"))
        }
        return RenderedPrompt(
            description: result["description"]?.stringValue,
            messages: try messages.map { (item) throws(MCPError) -> PromptMessage in
                guard let object = item.objectValue, let role = object["role"]?.stringValue,
                    let content = object["content"]
                else { throw route.upstream.failure(.invalidResponse("a prompt message without role and content")) }
                return PromptMessage(role: role, content: .block(content))
            })
    }

    public func complete(_ reference: CompletionReference, argument: String, prefix: String, context: CallContext)
        async throws(MCPError) -> [String]
    {
        let route: Route
        let ref: JSONValue
        switch reference {
        case .prompt(let name):
            guard let found = promptsByName[name] else {
                throw MCPError.invalidParams("unknown prompt", pointer: "/params/ref/name")
            }
            route = found
            ref = ["type": "ref/prompt", "name": .string(found.name)]
        case .resource(let uri):
            guard let found = resourceRoute(uri) else {
                throw MCPError.invalidParams("unknown resource", pointer: "/params/ref/uri")
            }
            route = found
            ref = ["type": "ref/resource", "uri": .string(uri)]
        }
        guard route.upstream.catalog?.server.offers("completions") == true else { return [] }
        let result = try await route.upstream.call(
            "completion/complete",
            params: ["ref": ref, "argument": ["name": .string(argument), "value": .string(prefix)]], context: context)
        return result["completion"]?.objectValue?["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
