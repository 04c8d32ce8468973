public import GatehouseJSON
public import MCPCore

/// What one upstream lists, as fetched: descriptors kept as the upstream sent them.
public struct UpstreamCatalog: Sendable, Hashable {
    /// What the server said when connecting.
    public var server: ServerDescription
    /// `tools/list`.
    public var tools: [JSONValue] = []
    /// `resources/list`.
    public var resources: [JSONValue] = []
    /// `resources/templates/list`.
    public var templates: [JSONValue] = []
    /// `prompts/list`.
    public var prompts: [JSONValue] = []

    /// Fetches every list the server offers through `client`.
    static func fetch(with client: MCPClient) async throws(MCPClientError) -> UpstreamCatalog {
        let server = try await client.connect()
        var catalog = UpstreamCatalog(server: server)
        if server.offers("tools") { catalog.tools = try await client.list("tools/list", key: "tools") }
        if server.offers("resources") {
            catalog.resources = try await client.list("resources/list", key: "resources")
            catalog.templates = try await client.list("resources/templates/list", key: "resourceTemplates")
        }
        if server.offers("prompts") { catalog.prompts = try await client.list("prompts/list", key: "prompts") }
        return catalog
    }
}

/// Rewrites an upstream's descriptor for the caller's revision: members a revision does not define are left out
/// (`title` and `outputSchema` before 2025-06-18, where the title moves to `annotations.title`; `icons` before
/// 2025-11-25), the upstream's own `securitySchemes` are replaced by the gateway's, and the name gets the prefix.
enum DescriptorTranslation {
    static func tool(
        _ descriptor: [String: JSONValue], name: String, version: ProtocolVersion, securitySchemes: [SecurityScheme]?
    ) -> JSONValue {
        var tool = descriptor
        tool["name"] = .string(name)
        tool["securitySchemes"] = securitySchemes.map { .array($0.map(\.json)) }
        if !version.hasStructuredToolOutput {
            tool["outputSchema"] = nil
            if let title = tool.removeValue(forKey: "title") {
                var annotations = tool["annotations"]?.objectValue ?? [:]
                if annotations["title"] == nil { annotations["title"] = title }
                tool["annotations"] = .object(annotations)
            }
        }
        if version < .v2025_11_25 {
            tool["icons"] = nil
            tool["execution"] = nil
        }
        return .object(tool)
    }

    static func prompt(_ descriptor: [String: JSONValue], name: String) -> JSONValue {
        var prompt = descriptor
        prompt["name"] = .string(name)
        return .object(prompt)
    }
}
