public import AsyncHTTPClient

public import Logging
public import MCPCore
import Synchronization

/// A backend that serves existing MCP servers' tools, resources and prompts through Gatehouse's endpoints.
///
/// Several upstreams combine into one backend: their lists are merged (each upstream's tools and prompts under its
/// prefix) and every call goes to the upstream that listed the name. What each name requires comes from the
/// upstream's ``AccessRules``; a name no rule allows is neither listed nor forwarded. The lists are fetched by
/// ``refresh()`` (call it once before serving), then again every `refreshInterval` and whenever the upstream
/// announces a change (a 2026-07-28 `subscriptions/listen` held open, or a legacy stdio server's notification), by
/// ``run()``.
public final class GatewayBackend: MCPBackend {
    /// The upstreams, in the order their names take precedence.
    public let upstreams: [Upstream]
    private let logger: Logger
    private let state: Mutex<State>

    private let observers = BackendObservers()

    private struct State {
        var snapshot: GatewaySnapshot
        var views: [GatewayView] = []
    }

    /// Creates the backend (nothing is fetched until ``refresh()``).
    public init(upstreams: [UpstreamConfiguration], httpClient: HTTPClient = .gatehouseUpstreams, logger: Logger) {
        self.upstreams = upstreams.map { Upstream($0, httpClient: httpClient, logger: logger) }
        self.logger = logger
        state = Mutex(State(snapshot: GatewaySnapshot(upstreams: [])))
    }

    public var snapshot: any MCPBackendSnapshot { state.withLock { $0.snapshot } }

    /// Tools always; resources, prompts and completions where an upstream offers them.
    public var offers: BackendOffers { Self.offers(of: upstreams) }

    /// What `upstreams` offer together.
    static func offers(of upstreams: [Upstream]) -> BackendOffers {
        let servers = upstreams.compactMap { $0.catalog?.server }
        var offers = BackendOffers(
            tools: true, resources: servers.contains { $0.offers("resources") },
            prompts: servers.contains { $0.offers("prompts") },
            completions: servers.contains { $0.offers("completions") },
            listChanged: true)
        offers.asksClients = true  // An upstream's questions are relayed to legacy callers on their streams.
        return offers
    }

    @discardableResult
    public func observe(_ observer: @escaping @Sendable (BackendChange) -> Void) -> UInt64 { observers.add(observer) }

    public func removeObserver(_ token: UInt64) { observers.remove(token) }

    /// Fetches every upstream's lists (concurrently) and publishes the merged snapshot.
    public func refresh() async {
        await withTaskGroup(of: Void.self) { group in
            for upstream in upstreams { group.addTask { await upstream.refresh() } }
        }
        publish()
    }

    /// Refreshes on each upstream's interval and on its change announcements, and closes idle sessions, until
    /// cancelled; then closes every upstream.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for upstream in upstreams {
                let changed: @Sendable () async -> Void = { [weak self] in
                    guard await upstream.refreshAfterChange() else { return }
                    self?.publish()
                }
                await upstream.observeChanges(changed)
                group.addTask { await upstream.listen(changed) }
                group.addTask { [weak self] in
                    while !Task.isCancelled {
                        do {
                            try await Task.sleep(for: upstream.configuration.refreshInterval)
                        } catch {
                            return
                        }
                        await upstream.sweep()
                        if await upstream.refresh() { self?.publish() }
                    }
                }
            }
            await group.waitForAll()
        }
        for upstream in upstreams { await upstream.close() }
    }

    /// Closes every upstream (stops stdio processes, ends HTTP sessions).
    public func close() async {
        for upstream in upstreams { await upstream.close() }
    }

    /// Every scope the rules name (for `scopes_supported`).
    public var configuredScopes: [String] { Self.scopes(of: upstreams) }

    /// Every scope the rules of `upstreams` name, once each, in order.
    static func scopes(of upstreams: [Upstream]) -> [String] {
        var seen = Set<String>()
        return upstreams.flatMap(\.configuration.scopes).filter { seen.insert($0).inserted }
    }

    /// A backend serving only the upstreams named (in the gateway's order), for an endpoint of its own.
    /// - Returns: `nil` when a name is not one of the gateway's upstreams.
    public func view(serving names: [String]) -> GatewayView? {
        guard names.allSatisfy({ name in upstreams.contains { $0.name == name } }) else { return nil }
        let view = GatewayView(upstreams: upstreams.filter { names.contains($0.name) })
        state.withLock { $0.views.append(view) }
        return view
    }

    private func publish() {
        let next = GatewaySnapshot(upstreams: upstreams)
        let views = state.withLock { state in
            state.snapshot = next
            return state.views
        }
        observers.notify(.tools, .resources, .prompts)
        for view in views { view.publish() }
    }
}
