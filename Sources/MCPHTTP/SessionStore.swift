import MCPCore
import Synchronization

/// The legacy sessions of one endpoint: bounded in number and idle time, evicting the least recently used.
///
/// A lock-protected dictionary, not an actor: every request looks its session up.
final class SessionStore: Sendable {
    private let sessions = Mutex<[String: HTTPSession]>([:])
    private let maximumSessions: Int
    private let idleTimeout: Double
    private let replayCapacity: Int
    private let idPrefix: String
    let now: @Sendable () -> Double

    init(
        maximumSessions: Int, idleTimeout: Double, replayCapacity: Int, idPrefix: String = "",
        now: @escaping @Sendable () -> Double
    ) {
        self.idPrefix = idPrefix
        self.maximumSessions = max(1, maximumSessions)
        self.idleTimeout = idleTimeout
        self.replayCapacity = replayCapacity
        self.now = now
    }

    var count: Int { sessions.withLock { $0.count } }

    /// Creates and stores a session, evicting idle or least recently used ones when full.
    func create(_ state: LegacySession) -> HTTPSession {
        let time = now()
        let session = HTTPSession(id: idPrefix + Self.newID(), state: state, now: time, replayCapacity: replayCapacity)
        let evicted: [HTTPSession] = sessions.withLock { sessions in
            var evicted: [HTTPSession] = []
            if sessions.count >= maximumSessions {
                for (id, candidate) in sessions where time - candidate.lastUsed > idleTimeout {
                    evicted.append(sessions.removeValue(forKey: id)!)
                }
            }
            while sessions.count >= maximumSessions,
                let oldest = sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed })
            {
                evicted.append(sessions.removeValue(forKey: oldest.key)!)
            }
            sessions[session.id] = session
            return evicted
        }
        for session in evicted { session.close() }
        return session
    }

    /// The live session with this id, marked as used; `nil` if unknown, ended or idle too long.
    func session(_ id: String) -> HTTPSession? {
        let time = now()
        let (found, expired): (HTTPSession?, HTTPSession?) = sessions.withLock { sessions in
            guard let session = sessions[id] else { return (nil, nil) }
            if time - session.lastUsed > idleTimeout {
                sessions.removeValue(forKey: id)
                return (nil, session)
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
        guard let session = sessions.withLock({ $0.removeValue(forKey: id) }) else { return false }
        session.close()
        return true
    }

    /// Removes every idle session (run periodically).
    func sweep() {
        let time = now()
        let expired = sessions.withLock { sessions in
            let ids = sessions.filter { time - $0.value.lastUsed > idleTimeout }.map(\.key)
            return ids.compactMap { sessions.removeValue(forKey: $0) }
        }
        for session in expired { session.close() }
    }

    /// Every live session (to broadcast list changes).
    var all: [HTTPSession] { sessions.withLock { Array($0.values) } }

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
