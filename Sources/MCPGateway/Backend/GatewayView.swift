public import MCPCore
import Synchronization

/// One endpoint's backend: some of a ``GatewayBackend``'s upstreams, in the gateway's order, sharing their clients,
/// processes, sessions and refreshes (issue #14: "each endpoint names the backend it serves"). `/mcp/github` can
/// serve only the `github` upstream while `/mcp/all` serves every one; nothing of an upstream a view does not name
/// is listed or routed by it.
///
/// Made by ``GatewayBackend/view(serving:)``; republished whenever the gateway publishes.
public final class GatewayView: MCPBackend {
    /// The upstreams served, in the gateway's order.
    public let upstreams: [Upstream]
    private let current: Mutex<GatewaySnapshot>
    private let observers = BackendObservers()

    init(upstreams: [Upstream]) {
        self.upstreams = upstreams
        current = Mutex(GatewaySnapshot(upstreams: upstreams))
    }

    public var snapshot: any MCPBackendSnapshot { current.withLock { $0 } }

    public var offers: BackendOffers { GatewayBackend.offers(of: upstreams) }

    @discardableResult
    public func observe(_ observer: @escaping @Sendable (BackendChange) -> Void) -> UInt64 { observers.add(observer) }

    public func removeObserver(_ token: UInt64) { observers.remove(token) }

    /// Every scope the served upstreams' rules name.
    public var configuredScopes: [String] { GatewayBackend.scopes(of: upstreams) }

    /// Rebuilds the snapshot from the upstreams' current catalogs.
    func publish() {
        let next = GatewaySnapshot(upstreams: upstreams)
        current.withLock { $0 = next }
        observers.notify(.tools, .resources, .prompts)
    }
}
