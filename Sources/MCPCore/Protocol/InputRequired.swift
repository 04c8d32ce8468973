public import GatehouseJSON

/// A 2026-07-28 `InputRequiredResult` (basic/patterns/mrtr.mdx, "Multi Round-Trip Requests"): the server needs
/// more input before it can finish a `tools/call`, `prompts/get` or `resources/read`. The client fulfils
/// ``inputRequests`` (elicitation, sampling, roots) and retries the original request with the answers and, byte for
/// byte, ``requestState``.
///
/// A backend answers with one by throwing ``MCPError/inputRequired(_:)``; the dispatcher writes it as the request's
/// result (`resultType: "input_required"`); the retry's answers reach the backend as an ``InputRound`` in its call
/// context.
/// `requestState` is attacker-controlled when it comes back: a backend whose state influences authorization or
/// business logic must protect its integrity and bind it to the principal, a short expiry and the originating
/// request ("Server Requirements", items 4 and 5).
public struct InputRequired: Sendable, Hashable {
    /// The server's requests of the client, by server-assigned key (`{"method": …, "params": {…}}` each).
    public var inputRequests: [String: JSONValue]?
    /// The opaque state the client echoes on its retry.
    public var requestState: String?

    /// The methods that may answer with an `InputRequiredResult` ("Supported Requests"); no other may.
    public static let methods: Set<String> = ["tools/call", "prompts/get", "resources/read"]

    /// The kinds of request a server may put in ``inputRequests`` (ElicitRequest, CreateMessageRequest,
    /// ListRootsRequest), each with the client capability that allows it.
    public static let requestCapabilities: [String: String] = [
        "elicitation/create": "elicitation", "sampling/createMessage": "sampling", "roots/list": "roots",
    ]

    /// Why a client that declared `capabilities` may not be sent the request `method` with `params`, or `nil` when
    /// it may: the capability itself ("Server Requirements", item 6) and what it narrows — URL-mode elicitation
    /// only with `elicitation.url` (a bare `elicitation: {}` means forms only), sampling with `tools` or
    /// `toolChoice` only with `sampling.tools` (2025-11-25 client/elicitation, client/sampling). `includeContext`
    /// other than `"none"` is refused by an intermediary: "this server" would be every server behind it.
    public static func refusal(
        of method: String, params: [String: JSONValue], declared capabilities: [String: JSONValue]
    ) -> String? {
        guard let capability = requestCapabilities[method], let declared = capabilities[capability]?.objectValue else {
            return "\(method.prefix(64)) was not declared by the caller"
        }
        switch method {
        case "elicitation/create":
            switch params["mode"]?.stringValue ?? "form" {
            case "form" where declared.isEmpty || declared["form"] != nil: return nil
            case "url" where declared["url"] != nil: return nil
            case let mode: return "elicitation in mode \(mode.prefix(32)) was not declared by the caller"
            }
        case "sampling/createMessage":
            if params["tools"] != nil || params["toolChoice"] != nil, declared["tools"] == nil {
                return "sampling with tools was not declared by the caller"
            }
            if let context = params["includeContext"]?.stringValue, context != "none" {
                return "sampling with includeContext \(context.prefix(32)) is not relayed"
            }
            return nil
        default:
            return nil
        }
    }

    /// Creates an answer; at least one of the two must be present ("Server Requirements", item 5).
    public init(inputRequests: [String: JSONValue]? = nil, requestState: String? = nil) {
        self.inputRequests = inputRequests
        self.requestState = requestState
    }

    /// The result object.
    public var json: JSONValue {
        var result: [String: JSONValue] = ["resultType": "input_required"]
        if let inputRequests { result["inputRequests"] = .object(inputRequests) }
        if let requestState { result["requestState"] = .string(requestState) }
        return .object(result)
    }
}

/// What a 2026-07-28 retry of a multi round-trip request carries (basic/patterns/mrtr.mdx, "Client Requirements"):
/// the client's answers to the previous ``InputRequired/inputRequests`` and the echoed ``InputRequired/requestState``.
public struct InputRound: Sendable, Hashable {
    /// The client's results, by the keys of the server's requests.
    public var responses: [String: JSONValue]?
    /// The state the server sent with its previous answer, as the client echoed it (attacker-controlled).
    public var requestState: String?

    /// Creates a round.
    public init(responses: [String: JSONValue]? = nil, requestState: String? = nil) {
        self.responses = responses
        self.requestState = requestState
    }

    /// The round a request carries, or `nil` when it carries neither member (`null` counts as absent).
    ///
    /// - Throws: -32602 naming the member when `inputResponses` is not an object or `requestState` not a string.
    public init?(_ request: JSONRPCRequest) throws(MCPError) {
        var responses: [String: JSONValue]?
        switch request.params["inputResponses"] {
        case nil, .null?: responses = nil
        case .object(let members)?: responses = members
        default: throw MCPError.invalidParams("\"inputResponses\" must be an object", pointer: "/params/inputResponses")
        }
        var state: String?
        switch request.params["requestState"] {
        case nil, .null?: state = nil
        case .string(let text)?: state = text
        default: throw MCPError.invalidParams("\"requestState\" must be a string", pointer: "/params/requestState")
        }
        guard responses != nil || state != nil else { return nil }
        self.init(responses: responses, requestState: state)
    }
}
