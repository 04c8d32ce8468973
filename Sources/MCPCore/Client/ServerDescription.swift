public import GatehouseJSON

/// What a server said about itself when the client connected (`server/discover` or `initialize`).
public struct ServerDescription: Sendable, Hashable {
    /// The revision both sides speak from now on.
    public var version: ProtocolVersion
    /// The server's capabilities (`tools`, `resources`, `prompts`, `completions`, `logging`, …).
    public var capabilities: [String: JSONValue]
    /// `serverInfo` (name, version), if sent.
    public var serverInfo: JSONValue?
    /// The server's instructions for the model, if sent.
    public var instructions: String?

    /// Creates a description.
    public init(
        version: ProtocolVersion, capabilities: [String: JSONValue], serverInfo: JSONValue? = nil,
        instructions: String? = nil
    ) {
        self.version = version
        self.capabilities = capabilities
        self.serverInfo = serverInfo
        self.instructions = instructions
    }

    /// Whether the server offers `capability` (a member of `capabilities`).
    public func offers(_ capability: String) -> Bool { capabilities[capability]?.objectValue != nil }

    /// Whether the server announces changes of the list behind `capability` (`listChanged: true`).
    public func announcesChanges(of capability: String) -> Bool {
        capabilities[capability]?.objectValue?["listChanged"]?.boolValue == true
    }
}
