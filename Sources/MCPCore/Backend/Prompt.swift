public import GatehouseJSON

/// A prompt template the backend offers (MCP `Prompt`).
public struct Prompt: Sendable {
    /// Renders the prompt's messages from its arguments.
    public typealias Renderer =
        @Sendable (_ arguments: [String: String], _ context: CallContext) async throws -> [PromptMessage]

    /// An argument of the prompt.
    public struct Argument: Sendable, Hashable {
        /// Name.
        public var name: String
        /// Description.
        public var description: String?
        /// Whether it must be given.
        public var required: Bool
        /// Values offered by `completion/complete`.
        public var suggestions: [String]

        /// Creates an argument.
        public init(name: String, description: String? = nil, required: Bool = false, suggestions: [String] = []) {
            self.name = name
            self.description = description
            self.required = required
            self.suggestions = suggestions
        }
    }

    /// Unique name.
    public let name: String
    /// Description.
    public var description: String?
    /// Arguments.
    public var arguments: [Argument]
    /// Scopes needed to get it.
    public var requiredScopes: [String]
    /// The renderer.
    public let render: Renderer

    /// Creates a prompt.
    public init(
        name: String, description: String? = nil, arguments: [Argument] = [], requiredScopes: [String] = [],
        render: @escaping Renderer
    ) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.requiredScopes = requiredScopes
        self.render = render
    }

    /// The `prompts/list` descriptor.
    public var descriptor: JSONValue {
        var prompt: [String: JSONValue] = ["name": .string(name)]
        if let description { prompt["description"] = .string(description) }
        if !arguments.isEmpty {
            prompt["arguments"] = .array(
                arguments.map { argument in
                    var object: [String: JSONValue] = [
                        "name": .string(argument.name), "required": .bool(argument.required),
                    ]
                    if let description = argument.description { object["description"] = .string(description) }
                    return .object(object)
                }
            )
        }
        return .object(prompt)
    }
}

/// One message of a rendered prompt.
public struct PromptMessage: Sendable, Hashable {
    /// `user` or `assistant`.
    public var role: String
    /// The content.
    public var content: ToolContent

    /// Creates a message.
    public init(role: String, content: ToolContent) {
        self.role = role
        self.content = content
    }

    /// A user message.
    public static func user(_ text: String) -> PromptMessage { PromptMessage(role: "user", content: .text(text)) }
    /// An assistant message.
    public static func assistant(_ text: String) -> PromptMessage {
        PromptMessage(role: "assistant", content: .text(text))
    }

    /// The message as JSON for `version`.
    public func json(for version: ProtocolVersion) -> JSONValue {
        ["role": .string(role), "content": content.json(for: version)]
    }
}
