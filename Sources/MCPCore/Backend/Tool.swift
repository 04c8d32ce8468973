public import GatehouseJSON

/// A tool of the backend: its descriptor, the scopes it needs, and its handler.
public struct Tool: Sendable {
    /// Handles a call: validated arguments in, a result out.
    public typealias Handler =
        @Sendable (_ arguments: [String: JSONValue], _ context: CallContext) async throws -> ToolResult

    /// Unique name (the `tools/call` `name`).
    public let name: String
    /// Human-readable title (2025-06-18 and later; older clients get `annotations.title`).
    public var title: String?
    /// What the tool does, for the model.
    public var description: String
    /// The arguments' schema; arguments are validated against it before the handler runs.
    public var inputSchema: JSONSchema
    /// The structured output's schema, if the tool returns `structuredContent`.
    public var outputSchema: JSONSchema?
    /// Behaviour hints (`readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`).
    public var annotations: [String: JSONValue]
    /// Scopes a caller's token must carry. Empty: any authenticated caller.
    public var requiredScopes: [String]
    /// Whether the tool can be called without any token (OpenAI-style `noauth`).
    public var allowsAnonymous: Bool
    /// The handler.
    public let handler: Handler

    /// Creates a tool.
    public init(
        name: String,
        title: String? = nil,
        description: String,
        inputSchema: JSONSchema = .empty,
        outputSchema: JSONSchema? = nil,
        annotations: [String: JSONValue] = [:],
        requiredScopes: [String] = [],
        allowsAnonymous: Bool = false,
        handler: @escaping Handler
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.annotations = annotations
        self.requiredScopes = requiredScopes
        self.allowsAnonymous = allowsAnonymous
        self.handler = handler
    }

    /// The security schemes that describe ``requiredScopes`` and ``allowsAnonymous``.
    public var securitySchemes: [SecurityScheme] {
        AuthorizationRequirement(scopes: requiredScopes, allowsAnonymous: allowsAnonymous).securitySchemes
    }

    /// The `tools/list` descriptor for `version`; `includeSecuritySchemes` adds the Apps SDK field.
    public func descriptor(for version: ProtocolVersion, includeSecuritySchemes: Bool) -> JSONValue {
        var tool: [String: JSONValue] = [
            "name": .string(name),
            "description": .string(description),
            "inputSchema": inputSchema.json,
        ]
        var annotations = self.annotations
        if version.hasStructuredToolOutput {
            if let title { tool["title"] = .string(title) }
            if let outputSchema { tool["outputSchema"] = outputSchema.json }
        } else if let title, annotations["title"] == nil {
            annotations["title"] = .string(title)
        }
        if !annotations.isEmpty { tool["annotations"] = .object(annotations) }
        if includeSecuritySchemes { tool["securitySchemes"] = .array(securitySchemes.map(\.json)) }
        return .object(tool)
    }
}
