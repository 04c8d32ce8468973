public import GatehouseJSON

/// An immutable view of a backend: what its lists show, what each operation requires, and how to perform it.
///
/// The dispatcher parses and shapes the protocol (params, pagination, results for each revision); a snapshot only
/// knows its tools, resources and prompts. Errors a client caused are ``MCPError``s (-32602 for an unknown name,
/// the revision's resource-not-found code); a tool's own failure is an `isError` ``ToolResult``.
public protocol MCPBackendSnapshot: Sendable {
    /// What `operation` requires beyond the endpoint's base scopes. The decision step asks the snapshot that will run
    /// the operation, so this must resolve a name exactly as the operation methods below do (no case folding, no
    /// aliases, no fallback): a name this snapshot does not know may require nothing only because calling it fails
    /// (-32602). A backend that forwards unknown names somewhere must require something for them.
    func requirement(for operation: MCPOperation) -> AuthorizationRequirement

    /// The `tools/list` descriptors for `version`, with OpenAI Apps SDK `securitySchemes` when asked.
    func toolDescriptors(for version: ProtocolVersion, includeSecuritySchemes: Bool) -> [JSONValue]
    /// The `resources/list` descriptors.
    var resourceDescriptors: [JSONValue] { get }
    /// The `resources/templates/list` descriptors.
    var resourceTemplateDescriptors: [JSONValue] { get }
    /// The `prompts/list` descriptors.
    var promptDescriptors: [JSONValue] { get }
    /// Every scope an operation may require (for `scopes_supported` and the development issuer).
    var allScopes: [String] { get }

    /// `tools/call`: runs the tool named `name` with `arguments`.
    func callTool(named name: String, arguments: [String: JSONValue], context: CallContext) async throws(MCPError)
        -> ToolResult
    /// `resources/read`: the contents of `uri`.
    func readResource(_ uri: String, context: CallContext) async throws(MCPError) -> [ResourceContents]
    /// `prompts/get`: the prompt named `name` rendered with `arguments`.
    func getPrompt(named name: String, arguments: [String: String], context: CallContext) async throws(MCPError)
        -> RenderedPrompt
    /// `completion/complete`: values for `argument` of what `reference` names that start with `prefix`.
    func complete(_ reference: CompletionReference, argument: String, prefix: String, context: CallContext)
        async throws(MCPError) -> [String]
}

/// What an operation requires of the caller, as the backend that runs it describes it.
public struct AuthorizationRequirement: Sendable, Hashable {
    /// Scopes the token must carry (beyond the endpoint's base scopes).
    public var scopes: [String]
    /// Whether an anonymous caller may perform it on an endpoint that allows anonymous calls (OpenAI `noauth`).
    public var allowsAnonymous: Bool

    /// Creates a requirement (default: nothing).
    public init(scopes: [String] = [], allowsAnonymous: Bool = false) {
        self.scopes = scopes
        self.allowsAnonymous = allowsAnonymous
    }

    /// The OpenAI Apps SDK `securitySchemes` that describe this requirement.
    public var securitySchemes: [SecurityScheme] {
        (allowsAnonymous ? [.noAuth] : []) + [.oauth2(scopes: scopes)]
    }
}

/// A rendered prompt (`prompts/get` result).
public struct RenderedPrompt: Sendable {
    /// The prompt's description.
    public var description: String?
    /// The messages.
    public var messages: [PromptMessage]

    /// Creates a rendered prompt.
    public init(description: String? = nil, messages: [PromptMessage]) {
        self.description = description
        self.messages = messages
    }
}
