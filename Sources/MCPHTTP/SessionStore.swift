import MCPCore
import Synchronization

/// The legacy sessions of one endpoint: bounded in number and idle time.
///
/// Eviction keeps one caller from pushing out another's sessions (a flood of `initialize` calls must not log
/// other users out): every session counts against its owner (issuer + subject), at most `maximumPerPrincipal`
/// each, and sessions without an owner share one bucket of at most half the store. A session opened anonymously and
/// then claimed by an authenticated caller moves to that caller's bucket. Over its quota, a principal loses its own
/// least recently used session. When the whole store is full, idle sessions go first; then an authenticated
/// creator evicts the least recently used session of anyone, while an anonymous creator may evict only anonymous
/// sessions — with none left, its `initialize` is refused (``create(_:caller:)`` returns `nil`), so anonymous floods
/// never log out a user who signed in.
///
/// A lock-protected dictionary, not an actor: every request looks its session up.
final class SessionStore: Sendable {
    private struct State {
        var sessions: [String: HTTPSession] = [:]
        var perBucket: [String: Int] = [:]

        mutating func insert(_ session: HTTPSession) {
            sessions[session.id] = session
            perBucket[session.bucket, default: 0] += 1
        }

        mutating func remove(_ id: String) -> HTTPSession? {
            guard let session = sessions.removeValue(forKey: id) else { return nil }
            let left = (perBucket[session.bucket] ?? 1) - 1
            perBucket[session.bucket] = left > 0 ? left : nil
            return session
        }

        /// The least recently used session, of `bucket` only when given.
        func oldest(in bucket: String? = nil) -> String? {
            sessions.values.filter { bucket == nil || $0.bucket == bucket }.min { $0.lastUsed < $1.lastUsed }?.id
        }
    }

    private let state = Mutex(State())
    private let maximumSessions: Int
    private let maximumPerPrincipal: Int
    private let idleTimeout: Double
    private let replayLimits: HTTPSession.ReplayLimits
    private let idPrefix: String
    let now: @Sendable () -> Double

    /// Creates a store.
    /// - Parameters:
    ///   - replayEvents: events each session keeps for `Last-Event-ID` replay.
    ///   - replayBytes: bytes each session keeps for replay.
    ///   - replayTotalBytes: bytes all sessions of the store keep together.
    init(
        maximumSessions: Int, maximumPerPrincipal: Int = 64, idleTimeout: Double, replayEvents: Int,
        replayBytes: Int = 1024 * 1024, replayTotalBytes: Int = 64 * 1024 * 1024, idPrefix: String = "",
        now: @escaping @Sendable () -> Double
    ) {
        self.idPrefix = idPrefix
        self.maximumSessions = max(1, maximumSessions)
        self.maximumPerPrincipal = max(1, maximumPerPrincipal)
        self.idleTimeout = idleTimeout
        self.replayLimits = HTTPSession.ReplayLimits(
            events: replayEvents, bytes: replayBytes, budget: ReplayBudget(total: replayTotalBytes))
        self.now = now
    }

    /// The replay bytes all sessions keep now.
    var replayBytesInUse: Int { replayLimits.budget.inUse }

    var count: Int { state.withLock { $0.sessions.count } }

    /// The bucket a session counts against: its creator's issuer and subject, or "" for an anonymous session.
    static func bucket(of caller: Caller?) -> String {
        caller.map { "\($0.issuer)\u{0}\($0.subject)" } ?? ""
    }

    /// The most sessions of `bucket`.
    func quota(of bucket: String) -> Int {
        bucket.isEmpty ? max(1, maximumSessions / 2) : maximumPerPrincipal
    }

    /// Creates and stores a session for `caller`, evicting within the caller's quota first, then idle sessions, then
    /// (see the type's rules) a least recently used one when the store is full. `nil` when an anonymous caller
    /// finds the store full of authenticated sessions.
    func create(_ sessionState: LegacySession, caller: Caller?) -> HTTPSession? {
        let time = now()
        let bucket = Self.bucket(of: caller)
        let quota = quota(of: bucket)
        let session = HTTPSession(
            id: idPrefix + Self.newID(), state: sessionState, bucket: bucket, now: time, limits: replayLimits)
        let (created, evicted): (Bool, [HTTPSession]) = state.withLock { state in
            var evicted: [HTTPSession] = []
            while (state.perBucket[bucket] ?? 0) >= quota, let oldest = state.oldest(in: bucket) {
                evicted.append(state.remove(oldest)!)
            }
            if state.sessions.count >= maximumSessions {
                for (id, candidate) in state.sessions where time - candidate.lastUsed > idleTimeout {
                    evicted.append(state.remove(id)!)
                }
            }
            // Anonymous creators evict only anonymous sessions.
            let evictable: String? = bucket.isEmpty ? "" : nil
            while state.sessions.count >= maximumSessions, let oldest = state.oldest(in: evictable) {
                evicted.append(state.remove(oldest)!)
            }
            guard state.sessions.count < maximumSessions else { return (false, evicted) }
            state.insert(session)
            return (true, evicted)
        }
        for session in evicted { session.close() }
        return created ? session : nil
    }

    /// Moves an anonymous session that `caller` has just claimed (``LegacySession/admits(_:)``) to the caller's
    /// bucket, evicting the caller's own least recently used other session if that puts it over its quota.
    func claim(_ session: HTTPSession, by caller: Caller) {
        let bucket = Self.bucket(of: caller)
        let evicted: [HTTPSession] = state.withLock { state in
            guard state.sessions[session.id] === session, session.bucket.isEmpty else { return [] }
            _ = state.remove(session.id)
            session.bucket = bucket
            var evicted: [HTTPSession] = []
            while (state.perBucket[bucket] ?? 0) >= quota(of: bucket), let oldest = state.oldest(in: bucket) {
                evicted.append(state.remove(oldest)!)
            }
            state.insert(session)
            return evicted
        }
        for session in evicted { session.close() }
    }

    /// The live session with this id, marked as used; `nil` if unknown, ended or idle too long.
    func session(_ id: String) -> HTTPSession? {
        let time = now()
        let (found, expired): (HTTPSession?, HTTPSession?) = state.withLock { state in
            guard let session = state.sessions[id] else { return (nil, nil) }
            if time - session.lastUsed > idleTimeout {
                return (nil, state.remove(id))
            }
            session.touch(time)
            return (session, nil)
        }
        expired?.close()
        return found
    }

    /// Ends a session (DELETE).
    @discardableResult
    func remove(_ id: String) -> Bool {
        guard let session = state.withLock({ $0.remove(id) }) else { return false }
        session.close()
        return true
    }

    /// Removes every idle session (run periodically).
    func sweep() {
        let time = now()
        let expired = state.withLock { state in
            let ids = state.sessions.filter { time - $0.value.lastUsed > idleTimeout }.map(\.key)
            return ids.compactMap { state.remove($0) }
        }
        for session in expired { session.close() }
    }

    /// Every live session (to broadcast list changes).
    var all: [HTTPSession] { state.withLock { Array($0.sessions.values) } }

    /// 256 random bits, hex: visible ASCII as the transport spec requires, unguessable.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
