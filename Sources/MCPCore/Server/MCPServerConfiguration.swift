/// How the MCP server presents itself.
public struct MCPServerConfiguration: Sendable {
    /// `serverInfo.name`.
    public var name: String
    /// `serverInfo.version`.
    public var version: String
    /// `serverInfo.title`, a display name.
    public var title: String?
    /// Guidance for the model on using this server.
    public var instructions: String?
    /// The revisions served, oldest first.
    public var supportedVersions: [ProtocolVersion]
    /// Items per page of `tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`.
    public var pageSize: Int
    /// `ttlMs` of list and discover results (2026-07-28): how long clients may cache them.
    public var listCacheMilliseconds: Int

    /// Creates a configuration. Defaults: every supported revision, 100 items per page, lists cacheable 60 s.
    public init(
        name: String = "gatehouse",
        version: String = "0.1.0",
        title: String? = nil,
        instructions: String? = nil,
        supportedVersions: [ProtocolVersion] = ProtocolVersion.supported,
        pageSize: Int = 100,
        listCacheMilliseconds: Int = 60_000
    ) {
        self.name = name
        self.version = version
        self.title = title
        self.instructions = instructions
        self.supportedVersions = supportedVersions
        self.pageSize = pageSize
        self.listCacheMilliseconds = listCacheMilliseconds
    }

}
