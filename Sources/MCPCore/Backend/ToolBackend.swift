import GatehouseJSON
import Synchronization

/// The tools, resources and prompts one process serves — shared by every endpoint (Claude-style, OpenAI-style,
/// or any other profile).
///
/// Registration may happen at any time; readers see an immutable snapshot, so a `tools/list` in flight is never
/// torn. Changes are announced to observers (the transports turn them into `notifications/tools/list_changed`).
///
/// One ``MCPBackend``: the snapshot serves calls itself (`ToolBackend+Serving.swift`).
public final class ToolBackend: MCPBackend {
    /// An immutable view of the backend.
    ///
    /// A class, so that taking the snapshot (once or twice per request, from every event loop at once) retains one
    /// shared object instead of each of its collections.
    public final class Snapshot: Sendable {
        /// Tools in registration order.
        public let tools: [Tool]
        /// Resources (fixed ones and templates) in registration order.
        public let resources: [Resource]
        /// Prompts in registration order.
        public let prompts: [Prompt]
        let toolsByName: [String: Registered<Tool>]
        let promptsByName: [String: Int]

        init(tools: [Tool], resources: [Resource], prompts: [Prompt]) {
            self.tools = tools
            self.resources = resources
            self.prompts = prompts
            self.toolsByName = Dictionary(uniqueKeysWithValues: tools.map { ($0.name, Registered($0)) })
            self.promptsByName = Dictionary(uniqueKeysWithValues: prompts.enumerated().map { ($1.name, $0) })
        }

        /// The tool with this name.
        public func tool(named name: String) -> Tool? { toolsByName[name]?.value }
        /// The prompt with this name.
        public func prompt(named name: String) -> Prompt? { promptsByName[name].map { prompts[$0] } }
        /// The resource (or first template) matching `uri`.
        public func resource(for uri: String) -> Resource? {
            resources.first { !$0.isTemplate && $0.uri == uri } ?? resources.first { $0.isTemplate && $0.matches(uri) }
        }
        /// Every scope any tool, resource or prompt requires (for `scopes_supported`).
        public var allScopes: [String] {
            var scopes: [String] = []
            for scope in tools.flatMap(\.requiredScopes) + resources.flatMap(\.requiredScopes)
                + prompts.flatMap(\.requiredScopes) where !scopes.contains(scope)
            {
                scopes.append(scope)
            }
            return scopes
        }
    }

    /// What changed.
    public typealias Change = BackendChange

    private struct State {
        var snapshot = Snapshot(tools: [], resources: [], prompts: [])
    }

    private let observers = BackendObservers()

    private let state = Mutex(State())

    /// Whether its handlers send the client requests of their own (``CallContext/askClient``): then legacy calls of
    /// clients that declared elicitation, sampling or roots are answered as SSE streams, which can carry them.
    public let asksClients: Bool

    /// Creates an empty backend.
    /// - Parameter asksClients: whether handlers use ``CallContext/askClient`` (``BackendOffers/asksClients``).
    public init(asksClients: Bool = false) {
        self.asksClients = asksClients
    }

    /// The current snapshot.
    public var current: Snapshot { state.withLock { $0.snapshot } }

    public var snapshot: any MCPBackendSnapshot { current }

    /// Everything: tools, resources, prompts, completions, with change notifications.
    public var offers: BackendOffers {
        var offers = BackendOffers()
        offers.asksClients = asksClients
        return offers
    }

    /// Adds (or replaces, by name) a tool.
    ///
    /// A tool whose input schema cannot be satisfied (``JSONSchema/definitionProblems``: a closed object requiring a
    /// property it does not declare) is a programming error, stopped here with its name and the defect rather than
    /// published as a tool no call can reach.
    public func add(_ tool: Tool) {
        let problems = tool.inputSchema.definitionProblems
        if !problems.isEmpty {
            // fatalError, not precondition: its message is printed in release builds too.
            fatalError(
                "tool \"\(tool.name)\": its inputSchema cannot be satisfied: "
                    + problems.map(\.description).joined(separator: "; "))
        }
        update(.tools) { snapshot in
            var tools = snapshot.tools.filter { $0.name != tool.name }
            tools.append(tool)
            return Snapshot(tools: tools, resources: snapshot.resources, prompts: snapshot.prompts)
        }
    }

    /// Removes a tool.
    public func removeTool(named name: String) {
        update(.tools) {
            Snapshot(tools: $0.tools.filter { $0.name != name }, resources: $0.resources, prompts: $0.prompts)
        }
    }

    /// Adds (or replaces, by URI) a resource or template.
    public func add(_ resource: Resource) {
        update(.resources) { snapshot in
            var resources = snapshot.resources.filter { $0.uri != resource.uri }
            resources.append(resource)
            return Snapshot(tools: snapshot.tools, resources: resources, prompts: snapshot.prompts)
        }
    }

    /// Adds (or replaces, by name) a prompt.
    public func add(_ prompt: Prompt) {
        update(.prompts) { snapshot in
            var prompts = snapshot.prompts.filter { $0.name != prompt.name }
            prompts.append(prompt)
            return Snapshot(tools: snapshot.tools, resources: snapshot.resources, prompts: prompts)
        }
    }

    /// Calls `observer` after every change; returns a token for ``removeObserver(_:)``.
    @discardableResult
    public func observe(_ observer: @escaping @Sendable (Change) -> Void) -> UInt64 { observers.add(observer) }

    /// Stops notifying an observer.
    public func removeObserver(_ token: UInt64) { observers.remove(token) }

    private func update(_ change: Change, _ transform: (Snapshot) -> Snapshot) {
        state.withLock { $0.snapshot = transform($0.snapshot) }
        observers.notify(change)
    }
}

/// A registered value held by reference: the request path holds a tool with one retain instead of copying (and
/// retaining) each of its fields.
final class Registered<Value: Sendable>: Sendable {
    /// The value.
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
