public import GatehouseJSON

/// The operation a request asks for, read from its body once: the method and what it names.
///
/// The decision step and the dispatcher use the same value, so the name that was authorized is the name that
/// runs (issue #13: `params.name` was read three times on the way), and the audit record names the body's method.
public struct MCPOperation: Sendable, Hashable {
    /// What the operation names.
    public enum Target: Sendable, Hashable {
        /// Nothing (lists, lifecycle), or the name is missing or not a string.
        case none
        /// `tools/call` of this tool.
        case tool(String)
        /// `resources/read` of this URI.
        case resource(String)
        /// `prompts/get` of this prompt.
        case prompt(String)
        /// `completion/complete` for what this reference names.
        case completion(CompletionReference)
    }

    /// The JSON-RPC method.
    public let method: String
    /// What it names.
    public let target: Target

    /// An operation from its parts (what a list entry would be called with).
    public init(method: String, target: Target) {
        self.method = method
        self.target = target
    }

    /// Reads the operation of `request`.
    public init(_ request: JSONRPCRequest) {
        method = request.method
        let params = request.params
        switch method {
        case "tools/call": target = params["name"]?.stringValue.map(Target.tool) ?? .none
        case "resources/read": target = params["uri"]?.stringValue.map(Target.resource) ?? .none
        case "prompts/get": target = params["name"]?.stringValue.map(Target.prompt) ?? .none
        case "completion/complete":
            target = params["ref"].flatMap(CompletionReference.init).map(Target.completion) ?? .none
        default: target = .none
        }
    }

    /// Lists and lifecycle: what an anonymous caller may do on an endpoint that allows anonymous discovery.
    public var isDiscovery: Bool {
        switch method {
        case "initialize", "server/discover", "ping", "tools/list", "resources/list", "resources/templates/list",
            "prompts/list", "logging/setLevel", "subscriptions/listen":
            return true
        default:
            return false
        }
    }
}

/// What `completion/complete` completes an argument of (`ref`).
public enum CompletionReference: Sendable, Hashable {
    /// `ref/prompt`: a prompt's argument.
    case prompt(String)
    /// `ref/resource`: a resource template's variable.
    case resource(String)

    /// Reads a `ref` object; `nil` when it is not a well-formed prompt or resource reference.
    public init?(_ value: JSONValue) {
        guard let reference = value.objectValue else { return nil }
        switch reference["type"]?.stringValue {
        case "ref/prompt":
            guard let name = reference["name"]?.stringValue else { return nil }
            self = .prompt(name)
        case "ref/resource":
            guard let uri = reference["uri"]?.stringValue else { return nil }
            self = .resource(uri)
        default:
            return nil
        }
    }
}
