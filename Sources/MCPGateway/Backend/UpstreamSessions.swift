import GatehouseJSON
import MCPCore
import Synchronization

/// One upstream client per principal (issuer + subject), so one caller's upstream session never serves another's
/// (issue #14, "Isolation"). Bounded in number (the least recently used is closed beyond `maximum`) and in idle
/// time (``sweep()``).
final class UpstreamSessions: Sendable {
    private let maximum: Int
    private let idleTimeout: Duration
    private let makeSession: @Sendable (Caller?, [String: JSONValue]) -> Session
    private let state = Mutex(State())

    private struct State {
        var clients: [Principal: Entry] = [:]
    }

    /// One principal's client, and the credentials it takes the principal's current token from (token exchange).
    struct Session: Sendable {
        let client: MCPClient
        let exchangedCredentials: ExchangedTokenCredentials?
    }

    private struct Entry {
        let session: Session
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

    /// - Parameter makeSession: a principal's session, declaring the client capabilities given (those of the call
    ///   that opens it).
    init(
        maximum: Int, idleTimeout: Duration, makeSession: @escaping @Sendable (Caller?, [String: JSONValue]) -> Session
    ) {
        self.maximum = max(1, maximum)
        self.idleTimeout = idleTimeout
        self.makeSession = makeSession
    }

    /// The principal's client, created on first use; `token` is the one the caller presented with this request
    /// (used where the upstream takes exchanged tokens); a new session declares `capabilities` (a legacy upstream
    /// reads them once, in `initialize`).
    func client(
        for caller: Caller?, presenting token: PresentedToken?, declaring capabilities: [String: JSONValue] = [:]
    ) -> MCPClient {
        let principal = Principal(caller)
        let (client, evicted) = state.withLock { state -> (MCPClient, MCPClient?) in
            let now = ContinuousClock.now
            if var entry = state.clients[principal] {
                entry.lastUsed = now
                state.clients[principal] = entry
                entry.session.exchangedCredentials?.present(token)
                return (entry.session.client, nil)
            }
            var evicted: MCPClient?
            if state.clients.count >= maximum,
                let oldest = state.clients.min(by: { $0.value.lastUsed < $1.value.lastUsed })
            {
                evicted = state.clients.removeValue(forKey: oldest.key)?.session.client
            }
            let session = makeSession(caller, capabilities)
            session.exchangedCredentials?.present(token)
            state.clients[principal] = Entry(session: session, lastUsed: now)
            return (session.client, evicted)
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
            return expired.values.map(\.session.client)
        }
        for client in idle { await client.close() }
    }

    /// How many sessions are open.
    var count: Int { state.withLock { $0.clients.count } }

    /// Closes every session.
    func closeAll() async {
        let all = state.withLock { state -> [MCPClient] in
            defer { state.clients.removeAll() }
            return state.clients.values.map(\.session.client)
        }
        for client in all { await client.close() }
    }
}
