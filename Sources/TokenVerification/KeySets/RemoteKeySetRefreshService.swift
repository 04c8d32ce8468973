public import ServiceLifecycle

/// Keeps remote key sets fresh in the background, so requests never wait for a fetch in steady state.
///
/// Run it in a `ServiceGroup` beside the server; it stops on graceful shutdown.
public struct RemoteKeySetRefreshService: Service {
    private let keySets: [RemoteKeySet]
    private let clock: any WallClock
    private let pollInterval: Duration

    /// Creates the service.
    /// - Parameters:
    ///   - keySets: the sets to refresh.
    ///   - clock: the wall clock the sets use.
    ///   - pollInterval: how often due dates are checked.
    public init(keySets: [RemoteKeySet], clock: any WallClock = SystemWallClock(), pollInterval: Duration = .seconds(5))
    {
        self.keySets = keySets
        self.clock = clock
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        await refreshDue()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
            } catch {
                return
            }
            await refreshDue()
        }
    }

    /// Refreshes every set whose due date has passed, concurrently.
    public func refreshDue() async {
        let now = clock.now()
        await withTaskGroup(of: Void.self) { group in
            for keySet in keySets where keySet.nextRefreshDue <= now {
                group.addTask { await keySet.refresh() }
            }
        }
    }
}
