public import GatehouseJSON
public import MCPCore

/// The gateway's lists at one moment, merged from every upstream's catalog, and the routes from each served name to
/// the upstream that serves it. Only names a rule allows are in it: an unknown or denied name is -32602 and is never
/// forwarded, which is why ``requirement(for:)`` may ask nothing for it.
public struct GatewaySnapshot: MCPBackendSnapshot {
    struct Route: Sendable {
        /// The upstream's position in the configuration (earlier upstreams win).
        var order = 0
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
        for (order, upstream) in upstreams.enumerated() {
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
                resources[uri] = Route(
                    order: order, upstream: upstream, name: uri, descriptor: resource, access: access)
                resourceOrder.append(uri)
            }
            for case .object(let template) in catalog.templates {
                guard let uriTemplate = template["uriTemplate"]?.stringValue else { continue }
                let access = configuration.resources.access(for: uriTemplate)
                guard access != .deny else { continue }
                templates.append(
                    Route(order: order, upstream: upstream, name: uriTemplate, descriptor: template, access: access))
            }
        }
    }

    /// The longest URI routed (longer ones are not found): bounds the template matching of every request.
    static let maximumURIBytes = 8 << 10

    /// The route of a resource URI, resolved upstream by upstream in configuration order (each upstream's listed
    /// resources, then its templates), so a later upstream cannot take over an earlier one's URIs. Through a template,
    /// the URI must satisfy both the template's rule and its own (``UpstreamAccess/combined(with:)``): a rule written
    /// for `files://{name}` is not undone by a looser rule that matches the concrete URI.
    private func resourceRoute(_ uri: String) -> Route? {
        guard uri.utf8.count <= Self.maximumURIBytes else { return nil }
        let listed = resources[uri]
        let template = templates.first {
            $0.order <= (listed?.order ?? .max) && Resource.uri(uri, matchesTemplate: $0.name)
        }
        guard let template, template.order < (listed?.order ?? .max) else { return listed }
        let access = template.access.combined(with: template.upstream.configuration.resources.access(for: uri))
        guard access != .deny else { return nil }
        return Route(
            order: template.order, upstream: template.upstream, name: uri, descriptor: template.descriptor,
            access: access)
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
            "tools/call", params: ["name": .string(route.name), "arguments": .object(arguments)], target: name,
            context: context)
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
        let result = try await route.upstream.call(
            "resources/read", params: ["uri": .string(uri)], target: uri, context: context)
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
            target: name, context: context)
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
