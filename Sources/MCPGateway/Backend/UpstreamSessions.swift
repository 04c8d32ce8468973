import MCPCore
import Synchronization

/// One upstream client per principal (issuer + subject), so one caller's upstream session never serves another's
/// (issue #14, "Isolation"). Bounded in number (the least recently used is closed beyond `maximum`) and in idle
/// time (``sweep()``).
final class UpstreamSessions: Sendable {
    private let maximum: Int
    private let idleTimeout: Duration
    private let makeClient: @Sendable () -> MCPClient
    private let state = Mutex(State())

    private struct State {
        var clients: [Principal: Entry] = [:]
    }

    private struct Entry {
        let client: MCPClient
        var lastUsed: ContinuousClock.Instant
    }

    /// Who a session belongs to; anonymous callers share one.
    struct Principal: Hashable, Sendable {
        let issuer: String
        let subject: String

        init(_ caller: Caller?) {
            issuer = caller?.issuer ?? ""
            subject = caller?.subject ?? ""
        }
    }

    init(maximum: Int, idleTimeout: Duration, makeClient: @escaping @Sendable () -> MCPClient) {
        self.maximum = max(1, maximum)
        self.idleTimeout = idleTimeout
        self.makeClient = makeClient
    }

    /// The principal's client, created on first use.
    func client(for caller: Caller?) -> MCPClient {
        let principal = Principal(caller)
        let (client, evicted) = state.withLock { state -> (MCPClient, MCPClient?) in
            let now = ContinuousClock.now
            if var entry = state.clients[principal] {
                entry.lastUsed = now
                state.clients[principal] = entry
                return (entry.client, nil)
            }
            var evicted: MCPClient?
            if state.clients.count >= maximum,
                let oldest = state.clients.min(by: { $0.value.lastUsed < $1.value.lastUsed })
            {
                evicted = state.clients.removeValue(forKey: oldest.key)?.client
            }
            let client = makeClient()
            state.clients[principal] = Entry(client: client, lastUsed: now)
            return (client, evicted)
        }
        if let evicted { Task { await evicted.close() } }
        return client
    }

    /// Closes the sessions unused for longer than the idle timeout.
    func sweep() async {
        let idle = state.withLock { state -> [MCPClient] in
            let cutoff = ContinuousClock.now - idleTimeout
            let expired = state.clients.filter { $0.value.lastUsed < cutoff }
            for key in expired.keys { state.clients.removeValue(forKey: key) }
            return expired.values.map(\.client)
        }
        for client in idle { await client.close() }
    }

    /// How many sessions are open.
    var count: Int { state.withLock { $0.clients.count } }

    /// Closes every session.
    func closeAll() async {
        let all = state.withLock { state -> [MCPClient] in
            defer { state.clients.removeAll() }
            return state.clients.values.map(\.client)
        }
        for client in all { await client.close() }
    }
}
