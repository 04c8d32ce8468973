public import AsyncHTTPClient
import GatehouseJSON
public import Logging
import MCPCore
import Synchronization

/// One configured upstream at run time: its clients, its last catalog and its health.
public final class Upstream: Sendable {
    /// The configuration.
    public let configuration: UpstreamConfiguration
    private let logger: Logger
    /// Fetches the lists (no principal).
    private let discovery: MCPClient
    /// HTTP: one client per principal. stdio: `nil` (the one process and its client are shared).
    private let sessions: UpstreamSessions?
    private let state: Mutex<State>
    private let nextProgressToken = Atomic<Int>(0)
    /// Whether a change-triggered refresh is running, and whether another change came in meanwhile.
    private let refreshGate = Mutex((running: false, again: false))

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
        switch configuration.transport {
        case .http(let url):
            let make: @Sendable (any UpstreamCredentials) -> MCPClient = { credentials in
                MCPClient(
                    transport: HTTPUpstreamTransport(
                        url: url, httpClient: httpClient, credentials: credentials,
                        timeout: configuration.timeout, maximumResponseBytes: configuration.maximumResponseBytes))
            }
            discovery = make(configuration.credentials)
            sessions = UpstreamSessions(
                maximum: configuration.maximumSessions, idleTimeout: configuration.sessionIdleTimeout
            ) { caller in
                guard let exchange = configuration.tokenExchange else {
                    return .init(client: make(configuration.credentials), exchangedCredentials: nil)
                }
                let credentials = ExchangedTokenCredentials(exchange: exchange, caller: caller)
                return .init(client: make(credentials), exchangedCredentials: credentials)
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
                ) { caller in
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

    /// Holds a 2026-07-28 `subscriptions/listen` open with the upstream while it announces list changes, calling
    /// `onChange` for each (basic/utilities, "Subscriptions"); opened again a second after it ends, until cancelled.
    /// Legacy upstreams send their changes outside requests instead (stdio: see ``observeChanges(_:)``).
    func listen(_ onChange: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            if let server = catalog?.server, server.version.isModern,
                ["tools", "resources", "prompts"].contains(where: server.announcesChanges(of:))
            {
                let filter: JSONValue = [
                    "toolsListChanged": .bool(server.announcesChanges(of: "tools")),
                    "resourcesListChanged": .bool(server.announcesChanges(of: "resources")),
                    "promptsListChanged": .bool(server.announcesChanges(of: "prompts")),
                ]
                _ = try? await discovery.request(
                    "subscriptions/listen", params: ["notifications": filter], hasDeadline: false
                ) { notification in
                    if notification.method.hasSuffix("/list_changed") { await onChange() }
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
    /// - Throws: the upstream's own JSON-RPC error as it sent it; any other failure as -32603 naming the upstream
    ///   and the cause (`data.upstream`, `data.cause`), with the detail logged but not sent (it may name internal
    ///   hosts).
    func call(_ method: String, params: [String: JSONValue], context: CallContext) async throws(MCPError)
        -> [String: JSONValue]
    {
        let client = sessions?.client(for: context.caller, presenting: context.presentedToken) ?? discovery
        var params = params
        var meta: [String: JSONValue] = [:]
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
            let result = try await client.request(method, params: params, headers: headers) { [logger] notification in
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
