public import GatehouseJSON
public import Logging

/// Sends `method` with `params` to the client and returns its result, or throws the client's JSON-RPC error (or
/// -32603 when it does not answer in time, -32800 when the call was cancelled meanwhile).
public typealias ClientRequester =
    @Sendable (_ method: String, _ params: [String: JSONValue]) async throws(MCPError) -> JSONValue

/// Everything a handler may know about the call it serves.
///
/// Cancellation is Swift task cancellation: when the client cancels (`notifications/cancelled`, or closing the
/// response stream in 2026-07-28) the handler's task is cancelled; long handlers should check
/// `Task.isCancelled` or use cancellable awaits.
public struct CallContext: Sendable {
    /// The authenticated caller, or `nil` for an anonymous call.
    public var caller: Caller?
    /// The token the caller presented (HTTP transports), for exchanging it on the caller's behalf — never for
    /// forwarding (see ``PresentedToken``).
    public var presentedToken: PresentedToken?
    /// The endpoint profile that received the call (for example `claude` or `openai`).
    public var endpoint: String
    /// The protocol revision of the call.
    public var protocolVersion: ProtocolVersion
    /// The request id.
    public var requestID: JSONRPCID?
    /// The request's logger (carries a request id; never the token).
    public var logger: Logger
    /// Sends a notification related to this request (progress, log messages), if the transport can.
    public var notify: @Sendable (JSONRPCNotification) async -> Void
    /// The request's `progressToken`, if the client asked for progress.
    public var progressToken: JSONValue?
    /// The lowest level the client asked to receive: a legacy session's `logging/setLevel` (`nil`: every level), or
    /// a 2026-07-28 request's `_meta` `io.modelcontextprotocol/logLevel`.
    public var minimumLogLevel: LogLevel?
    /// Whether log messages may be sent at all: a 2026-07-28 request that names no log level gets none (SEP-2575:
    /// "servers MUST NOT emit `notifications/message` for requests that did not include this field").
    public var sendsLogMessages = true
    /// Whether `tools/list`, `prompts/list` and `resources/list` leave out what this caller's scopes do not allow
    /// (the endpoint's `lists: permitted`). Only for an authenticated caller: an anonymous one sees every entry, so
    /// that a client can learn from the list (and OpenAI `securitySchemes`) that it must sign in.
    public var listsOnlyPermitted = false
    /// The capabilities the client declared: a 2026-07-28 request's `_meta` `io.modelcontextprotocol/clientCapabilities`,
    /// or a legacy session's `initialize` capabilities. A server asks only for the input (elicitation, sampling,
    /// roots) declared here (basic/patterns/mrtr.mdx, "Server Requirements", item 6).
    public var clientCapabilities: [String: JSONValue] = [:]
    /// A 2026-07-28 retry's answers to the input an earlier answer asked for (``InputRequired``), on `tools/call`,
    /// `prompts/get` and `resources/read`; `nil` on a first attempt and in legacy revisions.
    public var inputRound: InputRound?
    /// Sends a request to the client and waits for its answer (a legacy session's SSE response stream: 2025-11-25
    /// client/elicitation, client/sampling, client/roots), or `nil` when the request's transport cannot carry one
    /// (a JSON response, stdio, or 2026-07-28, which asks through ``InputRequired`` instead). Ask only for what the
    /// client declared in ``clientCapabilities``.
    public var askClient: ClientRequester?
    /// Whether the transport serves 2026-07-28 `subscriptions/listen` streams (then `server/discover` advertises
    /// `listChanged`, which is delivered on them).
    public var servesSubscriptions = false

    /// Creates a context.
    public init(
        caller: Caller? = nil,
        endpoint: String = "default",
        protocolVersion: ProtocolVersion = .v2026_07_28,
        requestID: JSONRPCID? = nil,
        logger: Logger = Logger(label: "gatehouse.mcp"),
        progressToken: JSONValue? = nil,
        notify: @escaping @Sendable (JSONRPCNotification) async -> Void = { _ in }
    ) {
        self.caller = caller
        self.endpoint = endpoint
        self.protocolVersion = protocolVersion
        self.requestID = requestID
        self.logger = logger
        self.progressToken = progressToken
        self.notify = notify
    }

    /// Sends a log message to the client (MCP utilities/logging `notifications/message`), unless the client asked
    /// only for more severe levels. Never put secrets in `data`: it goes to the client as is.
    public func log(_ level: LogLevel, _ data: JSONValue, logger: String? = nil) async {
        guard sendsLogMessages else { return }
        if let minimumLogLevel, level < minimumLogLevel { return }
        var params: [String: JSONValue] = ["level": .string(level.rawValue), "data": data]
        if let logger { params["logger"] = .string(logger) }
        await notify(JSONRPCNotification(method: "notifications/message", params: params))
    }

    /// Reports progress (MCP `notifications/progress`); does nothing if the client did not ask for progress.
    public func reportProgress(_ progress: Double, total: Double? = nil, message: String? = nil) async {
        guard let progressToken else { return }
        var params: [String: JSONValue] = ["progressToken": progressToken, "progress": .double(progress)]
        if let total { params["total"] = .double(total) }
        if let message { params["message"] = .string(message) }
        await notify(JSONRPCNotification(method: "notifications/progress", params: params))
    }
}
