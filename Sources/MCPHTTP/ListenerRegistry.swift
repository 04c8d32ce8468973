import MCPCore
import Synchronization

/// The open 2026-07-28 `subscriptions/listen` streams of one endpoint, bounded in number. The backend's list
/// changes fan out to the streams that asked for them; ``closeAll()`` ends them gracefully (shutdown).
final class ListenerRegistry: Sendable {
    /// What a stream receives.
    enum Event: Sendable {
        /// A `notifications/…/list_changed` method the stream asked for.
        case notification(String)
        /// The server ends the subscription gracefully: send the final result.
        case end
    }

    private struct Listener {
        let methods: Set<String>
        let continuation: AsyncStream<Event>.Continuation
    }

    private let listeners = Mutex<[Int: Listener]>([:])
    private let nextID = Mutex(0)
    let maximum: Int

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Registers a stream for `methods`; `nil` when the limit is reached.
    func register(_ methods: Set<String>) -> (id: Int, events: AsyncStream<Event>)? {
        let (events, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = nextID.withLock { next in
            next += 1
            return next
        }
        let added = listeners.withLock { listeners in
            guard listeners.count < maximum else { return false }
            listeners[id] = Listener(methods: methods, continuation: continuation)
            return true
        }
        return added ? (id, events) : nil
    }

    func unregister(_ id: Int) {
        _ = listeners.withLock { $0.removeValue(forKey: id) }
    }

    /// Ends one stream (its client went away).
    func finish(_ id: Int) {
        let listener = listeners.withLock { $0.removeValue(forKey: id) }
        listener?.continuation.finish()
    }

    /// Delivers `method` to every stream that asked for it.
    func publish(_ method: String) {
        listeners.withLock { listeners in
            for listener in listeners.values where listener.methods.contains(method) {
                listener.continuation.yield(.notification(method))
            }
        }
    }

    /// Ends every stream gracefully.
    func closeAll() {
        listeners.withLock { listeners in
            for listener in listeners.values {
                listener.continuation.yield(.end)
                listener.continuation.finish()
            }
        }
    }

    var count: Int { listeners.withLock { $0.count } }
}
