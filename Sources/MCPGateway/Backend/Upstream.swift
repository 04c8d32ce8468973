public import AsyncHTTPClient
import GatehouseJSON
public import Logging
import MCPCore
import Synchronization

/// One configured upstream at run time: its clients, its last catalog and its health.
public final class Upstream: Sendable {
    /// The configuration.
    public let configuration: UpstreamConfiguration
    let logger: Logger
    /// Fetches the lists (no principal).
    private let discovery: MCPClient
    /// HTTP: one client per principal. stdio: `nil` (the one process and its client are shared).
    private let sessions: UpstreamSessions?
    private let state: Mutex<State>
    private let nextProgressToken = Atomic<Int>(0)
    /// Whether a change-triggered refresh is running, and whether another change came in meanwhile.
    private let refreshGate = Mutex((running: false, again: false))
    /// Seals the upstream's 2026-07-28 `requestState` for the caller (``RequestStateSeal``).
    let requestStateSeal: RequestStateSeal
    /// A 2025 upstream's calls waiting for a 2026-07-28 caller's answer (``ParkedCalls``).
    let parkedCalls: ParkedCalls

    private struct State {
        var catalog: UpstreamCatalog?
        var health = UpstreamHealth.unknown
        var failures: [String: Int] = [:]
    }

    /// Creates the upstream's clients (nothing is sent until ``refresh()`` or a call).
    public init(_ configuration: UpstreamConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "upstream"] = "\(configuration.name)"
        self.logger = logger
        self.state = Mutex(State())
        requestStateSeal = RequestStateSeal(
            secret: configuration.requestStateSecret, lifetime: configuration.requestStateLifetime)
        parkedCalls = ParkedCalls(maximum: configuration.maximumSessions)
        switch configuration.transport {
        case .http(let url):
            let make: @Sendable (any UpstreamCredentials, [String: JSONValue]) -> MCPClient = {
                credentials, capabilities in
                MCPClient(
                    transport: HTTPUpstreamTransport(
                        url: url, httpClient: httpClient, credentials: credentials,
                        timeout: configuration.timeout, maximumResponseBytes: configuration.maximumResponseBytes),
                    capabilities: capabilities)
            }
            discovery = make(configuration.credentials, [:])
            // A principal's session declares what the call that opens it can be asked (``askable(by:)``): a legacy
            // upstream reads it once, in `initialize`; later calls are checked again as they come.
            sessions = UpstreamSessions(
                maximum: configuration.maximumSessions, idleTimeout: configuration.sessionIdleTimeout
            ) { caller, capabilities in
                guard let exchange = configuration.tokenExchange else {
                    return .init(client: make(configuration.credentials, capabilities), exchangedCredentials: nil)
                }
                let credentials = ExchangedTokenCredentials(exchange: exchange, caller: caller)
                return .init(client: make(credentials, capabilities), exchangedCredentials: credentials)
            }
        case .stdio(let command):
            let make: @Sendable (UpstreamCommand) -> MCPClient = { [logger] command in
                MCPClient(
                    transport: StdioUpstreamTransport(
                        command: command, logger: logger, timeout: configuration.timeout,
                        maximumMessageBytes: configuration.maximumResponseBytes))
            }
            discovery = make(command)
            // One process for every caller, or — `processPerPrincipal` — one per principal, told who it serves.
            sessions =
                configuration.processPerPrincipal
                ? UpstreamSessions(
                    maximum: configuration.maximumSessions, idleTimeout: configuration.sessionIdleTimeout
                ) { caller, _ in
                    .init(client: make(command.serving(caller)), exchangedCredentials: nil)
                } : nil
        }
    }

    /// The name.
    public var name: String { configuration.name }

    /// The last catalog fetched (`nil` before the first success).
    public var catalog: UpstreamCatalog? { state.withLock { $0.catalog } }

    /// The result of the last exchange.
    public var health: UpstreamHealth { state.withLock { $0.health } }

    /// Failed exchanges so far, by ``MCPClientError/cause`` (for metrics).
    public var failureCounts: [String: Int] { state.withLock { $0.failures } }

    /// How many per-principal sessions are open.
    public var sessionCount: Int { sessions?.count ?? 0 }

    /// Calls `onChange` when the upstream announces a list change (stdio; HTTP upstreams are refreshed on a timer).
    func observeChanges(_ onChange: @escaping @Sendable () async -> Void) async {
        await discovery.onUnsolicited { message in
            guard case .notification(let notification) = message else { return }
            switch notification.method {
            case "notifications/tools/list_changed", "notifications/resources/list_changed",
                "notifications/prompts/list_changed":
                await onChange()
            case "notifications/message":
                self.logger.info("upstream log message", metadata: ["data": "\(notification.params["data"] ?? .null)"])
            default:
                break
            }
        }
    }

    /// Holds open the stream the upstream announces list changes on, calling `onChange` for each; opened again a
    /// second after it ends, until cancelled. A 2026-07-28 upstream: a `subscriptions/listen` (basic/utilities,
    /// "Subscriptions"). A legacy HTTP upstream: its session's `GET` stream (basic/transports, "Listening for
    /// Messages from the Server"); one that offers none (405) is refreshed on its timer alone. A legacy stdio
    /// upstream sends its changes on stdout (see ``observeChanges(_:)``).
    func listen(_ onChange: @escaping @Sendable () async -> Void) async {
        var offersStream = true
        while !Task.isCancelled {
            if let server = catalog?.server,
                ["tools", "resources", "prompts"].contains(where: server.announcesChanges(of:))
            {
                let changed: @Sendable (JSONRPCNotification) async -> Void = { notification in
                    if notification.method.hasSuffix("/list_changed") { await onChange() }
                }
                if server.version.isModern {
                    let filter: JSONValue = [
                        "toolsListChanged": .bool(server.announcesChanges(of: "tools")),
                        "resourcesListChanged": .bool(server.announcesChanges(of: "resources")),
                        "promptsListChanged": .bool(server.announcesChanges(of: "prompts")),
                    ]
                    _ = try? await discovery.request(
                        "subscriptions/listen", params: ["notifications": filter], hasDeadline: false,
                        onMessage: changed)
                } else if case .http = configuration.transport, offersStream {
                    do {
                        try await discovery.listenOutsideRequests(onNotification: changed)
                    } catch .httpStatus(405) {
                        offersStream = false
                        logger.info("upstream offers no GET stream; its lists are refreshed on the timer")
                    } catch .sessionExpired {
                        await discovery.reset()
                    } catch {}
                }
            }
            do {
                try await Task.sleep(for: .seconds(1))
            } catch {
                return
            }
        }
    }

    /// A refresh for a change announcement: at most one runs at a time, and announcements that arrive meanwhile
    /// make it run once more, so an upstream that floods `list_changed` costs one refresh after another, never many
    /// at once. Returns whether the lists changed.
    func refreshAfterChange() async -> Bool {
        let first = refreshGate.withLock { gate -> Bool in
            if gate.running {
                gate.again = true
                return false
            }
            gate.running = true
            return true
        }
        guard first else { return false }
        var changed = false
        while true {
            changed = await refresh() || changed
            let again = refreshGate.withLock { gate -> Bool in
                if gate.again {
                    gate.again = false
                    return true
                }
                gate.running = false
                return false
            }
            if !again { return changed }
        }
    }

    /// Fetches the lists again; returns whether they changed.
    @discardableResult
    public func refresh() async -> Bool {
        do {
            let catalog = try await UpstreamCatalog.fetch(with: discovery)
            return state.withLock { state in
                defer {
                    state.catalog = catalog
                    state.health = .healthy
                }
                return state.catalog != catalog
            }
        } catch {
            if case .connectionLost = error { await discovery.reset() }
            record(error)
            logger.warning("upstream lists could not be fetched", metadata: ["cause": "\(error)"])
            return false
        }
    }

    /// Closes idle per-principal sessions.
    func sweep() async { await sessions?.sweep() }

    /// Closes every client (and stops a stdio process).
    public func close() async {
        await sessions?.closeAll()
        await discovery.close()
    }

    /// Sends `method` for the caller in `context`, relaying progress and log messages to it.
    ///
    /// `tools/call`, `prompts/get` and `resources/read` may need input first (2026-07-28 multi round-trip requests,
    /// ``InputRequired``): `target` is the name or URI the caller used, which a sealed `requestState` is bound to.
    ///
    /// - Throws: the upstream's own JSON-RPC error as it sent it; ``MCPError/inputRequired(_:)`` when the upstream
    ///   needs input from the caller; any other failure as -32603 naming the upstream and the cause (`data.upstream`,
    ///   `data.cause`), with the detail logged but not sent (it may name internal hosts).
    func call(_ method: String, params: [String: JSONValue], target: String = "", context: CallContext)
        async throws(MCPError) -> [String: JSONValue]
    {
        guard InputRequired.methods.contains(method) else { return try await send(method, params: params, context) }
        let binding = RequestStateSeal.Binding(
            upstream: name, method: method, target: target, caller: context.caller, endpoint: context.endpoint,
            arguments: params["arguments"] ?? .null)
        var (params, parked) = try roundParams(params, context: context, binding: binding)
        // A 2025 HTTP upstream asks a 2026-07-28 caller mid-call: such calls are parked between the caller's rounds.
        if context.protocolVersion.isModern, case .http = configuration.transport,
            catalog?.server.version.isModern == false
        {
            return try await parkedCall(method, params: params, binding: binding, context: context, resuming: parked)
        }
        guard parked == nil else { throw refusedState(RequestStateSeal.Refusal.otherRequest, binding: binding) }
        for round in 1...Self.maximumRounds {
            let result = try await send(method, params: params, context)
            guard result["resultType"]?.stringValue == "input_required" else { return result }
            let input = try inputRequired(by: result, for: context)
            if context.protocolVersion.isModern {
                throw MCPError.inputRequired(
                    InputRequired(
                        inputRequests: input.inputRequests,
                        requestState: input.requestState.map { requestStateSeal.seal($0, binding: binding) }))
            }
            // A legacy caller is asked on its stream, where it has one; the gateway then retries as a 2026-07-28
            // client would. An upstream that only wants to be asked again (state, no requests) waits 50 ms,
            // doubling to 250 ms.
            params["inputResponses"] = try await ask(input.inputRequests, of: context, for: method).map(
                JSONValue.object)
            params["requestState"] = input.requestState.map(JSONValue.string)
            if input.inputRequests == nil {
                do {
                    try await Task.sleep(for: .milliseconds(min(250, 50 << (round - 1))))
                } catch {
                    throw MCPError.requestCancelled
                }
            }
        }
        throw failure(.invalidResponse("input_required for more than \(Self.maximumRounds) rounds"))
    }

    /// Sends one request of `method` for the caller in `context`. A legacy upstream's own requests while it
    /// answers (elicitation, sampling, roots) go to `onRequest`, by default to the caller where it can be asked
    /// (``relayedRequest(for:method:)``).
    func send(
        _ method: String, params: [String: JSONValue], _ context: CallContext,
        onRequest: MCPClient.ServerRequestHandler? = nil
    ) async throws(MCPError) -> [String: JSONValue] {
        let client =
            sessions?.client(
                for: context.caller, presenting: context.presentedToken, declaring: Self.askable(by: context))
            ?? discovery
        var params = params
        var meta: [String: JSONValue] = params["_meta"]?.objectValue ?? [:]
        let callerToken = context.progressToken
        let upstreamToken: JSONValue? =
            callerToken == nil
            ? nil : .string("gatehouse-\(nextProgressToken.add(1, ordering: .relaxed).newValue)")
        if let upstreamToken { meta["progressToken"] = upstreamToken }
        if let level = context.minimumLogLevel { meta[MetaKeys.logLevel] = .string(level.rawValue) }
        if !meta.isEmpty { params["_meta"] = .object(meta) }
        let headers = configuration.forwardsIdentity ? IdentityHeaders.fields(for: context.caller) : []
        let budget = RelayBudget(configuration.maximumRelayedNotifications)
        do {
            let result = try await client.request(
                method, params: params, headers: headers,
                onRequest: onRequest ?? relayedRequest(for: context, method: method)
            ) { [logger] notification in
                switch budget.take() {
                case .relay: await Self.relay(notification, upstreamToken: upstreamToken, to: context)
                case .exhausted:
                    logger.warning(
                        "upstream sent more notifications for one request than relayed; the rest are dropped",
                        metadata: ["method": "\(method)", "limit": "\(budget.limit)"])
                case .dropped: break
                }
            }
            state.withLock { $0.health = .healthy }
            return result
        } catch .rpc(let error) {
            state.withLock { $0.health = .healthy }
            throw error
        } catch .cancelled {
            throw MCPError.requestCancelled  // The caller gave up: nothing is wrong with the upstream.
        } catch {
            // An exchange refused for one caller's token says nothing about the upstream or other callers.
            let callersOwn = configuration.tokenExchange != nil && error.cause == "credentials_unavailable"
            record(error, affectsHealth: !callersOwn)
            logger.warning("upstream request failed", metadata: ["method": "\(method)", "cause": "\(error)"])
            throw failure(error)
        }
    }

    /// The caller's error for a failed exchange.
    func failure(_ error: MCPClientError) -> MCPError {
        MCPError(
            code: -32603,
            message: "Upstream \"\(name)\" failed: \(error.publicDescription)",
            data: ["upstream": .string(name), "cause": .string(error.cause)])
    }

    private func record(_ error: MCPClientError, affectsHealth: Bool = true) {
        state.withLock { state in
            if affectsHealth { state.health = .unhealthy(cause: error.cause, detail: error.description) }
            state.failures[error.cause, default: 0] += 1
        }
    }

    private static func relay(_ notification: JSONRPCNotification, upstreamToken: JSONValue?, to context: CallContext)
        async
    {
        let params = notification.params
        switch notification.method {
        case "notifications/progress":
            guard let upstreamToken, params["progressToken"] == upstreamToken,
                let progress = params["progress"]?.doubleValue
            else { return }
            await context.reportProgress(
                progress, total: params["total"]?.doubleValue, message: params["message"]?.stringValue)
        case "notifications/message":
            guard let level = params["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) else { return }
            await context.log(level, params["data"] ?? .null, logger: params["logger"]?.stringValue)
        default:
            break
        }
    }
}

/// Whether an upstream answered its last exchange.
public enum UpstreamHealth: Sendable, Hashable {
    /// Nothing was sent yet.
    case unknown
    /// The last exchange got an answer (possibly a JSON-RPC error).
    case healthy
    /// The last exchange failed: `cause` is ``MCPClientError/cause``.
    case unhealthy(cause: String, detail: String)

    /// Whether the upstream is usable as far as is known.
    public var isHealthy: Bool { self == .healthy }
}

extension MCPClientError {
    /// What a caller is told: the kind of failure, never a host, address or header.
    var publicDescription: String {
        switch self {
        case .unreachable: "unreachable"
        case .connectionLost: "the connection was lost"
        case .unauthorized(let status): "it refused the gateway's credentials (HTTP \(status))"
        case .credentialsUnavailable: "the gateway has no credentials for it right now"
        default: description
        }
    }
}

/// How many of an upstream's notifications for one request are relayed to the caller
/// (``UpstreamConfiguration/maximumRelayedNotifications``): an upstream flooding progress or log messages cannot
/// make the gateway write without end to a caller's stream.
final class RelayBudget: Sendable {
    /// What to do with the next notification.
    enum Verdict {
        /// Relay it.
        case relay
        /// Drop it: it is the first over the limit (say so once).
        case exhausted
        /// Drop it.
        case dropped
    }

    let limit: Int
    private let used = Atomic<Int>(0)

    init(_ limit: Int) {
        self.limit = limit
    }

    func take() -> Verdict {
        let count = used.add(1, ordering: .relaxed).newValue
        if count <= limit { return .relay }
        return count == limit + 1 ? .exhausted : .dropped
    }
}
