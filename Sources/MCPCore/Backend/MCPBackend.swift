/// What serves an endpoint's tools, resources and prompts.
///
/// The endpoints, the decision step and the dispatcher see a backend only through this protocol: the in-process
/// ``ToolBackend`` (Swift closures) is one implementation; an upstream MCP server behind the gateway is another. A
/// request is decided and run against one ``snapshot`` — the decision step asks the very snapshot that will run
/// the call what it requires (``MCPBackendSnapshot/requirement(for:)``), so time of check is time of use.
public protocol MCPBackend: Sendable {
    /// The backend's registrations at this moment.
    var snapshot: any MCPBackendSnapshot { get }
    /// What it offers, for the capabilities announced by `initialize` and `server/discover`.
    var offers: BackendOffers { get }
    /// Calls `observer` after every change of a list (the transports turn changes into
    /// `notifications/…/list_changed`); returns a token for ``removeObserver(_:)``.
    @discardableResult
    func observe(_ observer: @escaping @Sendable (BackendChange) -> Void) -> UInt64
    /// Stops notifying an observer.
    func removeObserver(_ token: UInt64)
}

/// Which list changed.
public enum BackendChange: Sendable, Hashable {
    /// `tools/list` would answer differently.
    case tools
    /// `resources/list` or `resources/templates/list` would answer differently.
    case resources
    /// `prompts/list` would answer differently.
    case prompts
}

/// The kinds of thing a backend serves (MCP `ServerCapabilities`: `tools`, `resources`, `prompts`, `completions`).
public struct BackendOffers: Sendable, Hashable {
    /// Tools (`tools/list`, `tools/call`).
    public var tools: Bool
    /// Resources (`resources/list`, `resources/templates/list`, `resources/read`).
    public var resources: Bool
    /// Prompts (`prompts/list`, `prompts/get`).
    public var prompts: Bool
    /// Argument completion (`completion/complete`).
    public var completions: Bool
    /// Whether the backend announces list changes (`listChanged`).
    public var listChanged: Bool
    /// Whether a call may send the client requests of its own (``CallContext/askClient``; a gateway relaying an
    /// upstream's questions). Then a legacy `tools/call`, `prompts/get` or `resources/read` of a client that declared
    /// elicitation, sampling or roots is answered as an SSE stream where the client accepts one, so it can carry them.
    public var asksClients = false

    /// Creates the offers (default: everything, with change notifications).
    public init(
        tools: Bool = true, resources: Bool = true, prompts: Bool = true, completions: Bool = true,
        listChanged: Bool = true
    ) {
        self.tools = tools
        self.resources = resources
        self.prompts = prompts
        self.completions = completions
        self.listChanged = listChanged
    }
}
