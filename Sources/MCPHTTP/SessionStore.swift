import MCPCore
import Synchronization

/// The legacy sessions of one endpoint: bounded in number and idle time.
///
/// Eviction keeps one caller from pushing out another's sessions (a flood of `initialize` calls must not log
/// other users out): every session counts against the principal that created it (issuer + subject), at most
/// `maximumPerPrincipal` each, and sessions opened without a token share one bucket of at most half the store.
/// Over its quota, a principal loses its own least recently used session; only when the whole store is full does
/// the least recently used session of anyone go (after idle ones).
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
    private let replayCapacity: Int
    private let idPrefix: String
    let now: @Sendable () -> Double

    init(
        maximumSessions: Int, maximumPerPrincipal: Int = 64, idleTimeout: Double, replayCapacity: Int,
        idPrefix: String = "", now: @escaping @Sendable () -> Double
    ) {
        self.idPrefix = idPrefix
        self.maximumSessions = max(1, maximumSessions)
        self.maximumPerPrincipal = max(1, maximumPerPrincipal)
        self.idleTimeout = idleTimeout
        self.replayCapacity = replayCapacity
        self.now = now
    }

    var count: Int { state.withLock { $0.sessions.count } }

    /// The bucket a session counts against: its creator's issuer and subject, or "" for an anonymous session.
    static func bucket(of caller: Caller?) -> String {
        caller.map { "\($0.issuer)\u{0}\($0.subject)" } ?? ""
    }

    /// Creates and stores a session for `caller`, evicting within the caller's quota first, then idle or least
    /// recently used sessions when the store is full.
    func create(_ sessionState: LegacySession, caller: Caller?) -> HTTPSession {
        let time = now()
        let bucket = Self.bucket(of: caller)
        let quota = bucket.isEmpty ? max(1, maximumSessions / 2) : maximumPerPrincipal
        let session = HTTPSession(
            id: idPrefix + Self.newID(), state: sessionState, bucket: bucket, now: time,
            replayCapacity: replayCapacity)
        let evicted: [HTTPSession] = state.withLock { state in
            var evicted: [HTTPSession] = []
            while (state.perBucket[bucket] ?? 0) >= quota, let oldest = state.oldest(in: bucket) {
                evicted.append(state.remove(oldest)!)
            }
            if state.sessions.count >= maximumSessions {
                for (id, candidate) in state.sessions where time - candidate.lastUsed > idleTimeout {
                    evicted.append(state.remove(id)!)
                }
            }
            while state.sessions.count >= maximumSessions, let oldest = state.oldest() {
                evicted.append(state.remove(oldest)!)
            }
            state.insert(session)
            return evicted
        }
        for session in evicted { session.close() }
        return session
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
