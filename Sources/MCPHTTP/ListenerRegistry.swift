import MCPCore
import Synchronization

/// The open 2026-07-28 `subscriptions/listen` streams of one endpoint, bounded in number: at most `maximum` in all,
/// at most `maximumPerPrincipal` for one principal (issuer + subject), and anonymous callers together at most half of
/// `maximum`, so neither one user nor a crowd of anonymous callers can take every slot. The backend's list changes
/// fan out to the streams that asked for them; ``closeAll()`` ends them gracefully (shutdown), ``end(_:)`` one of
/// them (its lifetime is over).
final class ListenerRegistry: Sendable {
    /// What a stream receives.
    enum Event: Sendable {
        /// A `notifications/…/list_changed` method the stream asked for.
        case notification(String)
        /// The server ends the subscription gracefully: send the final result.
        case end
    }

    /// Why a stream was not opened.
    enum Refusal: Error, Equatable {
        /// Every slot of the endpoint is taken (or every anonymous one, for an anonymous caller).
        case endpointFull
        /// The principal has its maximum of open streams.
        case principalFull(Int)

        var message: String {
            switch self {
            case .endpointFull: "The subscription limit is reached; retry later"
            case .principalFull(let maximum):
                "This caller already has \(maximum) open subscriptions; close one before listening again"
            }
        }
    }

    private struct Listener {
        let methods: Set<String>
        let bucket: String
        let continuation: AsyncStream<Event>.Continuation
    }

    private struct State {
        var listeners: [Int: Listener] = [:]
        var perBucket: [String: Int] = [:]
        var nextID = 0

        mutating func remove(_ id: Int) -> Listener? {
            guard let listener = listeners.removeValue(forKey: id) else { return nil }
            let left = (perBucket[listener.bucket] ?? 1) - 1
            perBucket[listener.bucket] = left > 0 ? left : nil
            return listener
        }
    }

    private let state = Mutex(State())
    let maximum: Int
    let maximumPerPrincipal: Int

    init(maximum: Int, maximumPerPrincipal: Int = 8) {
        self.maximum = max(1, maximum)
        self.maximumPerPrincipal = max(1, maximumPerPrincipal)
    }

    /// Registers a stream for `methods` on behalf of `bucket` (``SessionStore/bucket(of:)``: "" is anonymous).
    func register(_ methods: Set<String>, bucket: String) -> Result<(id: Int, events: AsyncStream<Event>), Refusal> {
        let (events, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let anonymousShare = max(1, maximum / 2)
        return state.withLock { state in
            let held = state.perBucket[bucket] ?? 0
            guard state.listeners.count < maximum, !bucket.isEmpty || held < anonymousShare else {
                return .failure(.endpointFull)
            }
            guard bucket.isEmpty || held < maximumPerPrincipal else {
                return .failure(.principalFull(maximumPerPrincipal))
            }
            state.nextID += 1
            state.listeners[state.nextID] = Listener(methods: methods, bucket: bucket, continuation: continuation)
            state.perBucket[bucket] = held + 1
            return .success((state.nextID, events))
        }
    }

    /// One registered stream's slot: released when the lease is released or deallocated, and ended gracefully
    /// (``end(_:)``) when its lifetime is over.
    final class Lease: Sendable {
        let id: Int
        private let registry: ListenerRegistry
        private let expiry: Task<Void, Never>

        init(registry: ListenerRegistry, id: Int, lifetime: Double) {
            self.registry = registry
            self.id = id
            expiry = Task { [registry] in
                guard (try? await Task.sleep(for: .seconds(lifetime))) != nil else { return }
                registry.end(id)
            }
        }

        /// Gives the slot back (idempotent).
        func release() {
            expiry.cancel()
            registry.unregister(id)
        }

        deinit { release() }
    }

    func unregister(_ id: Int) {
        _ = state.withLock { $0.remove(id) }
    }

    /// Ends one stream (its client went away).
    func finish(_ id: Int) {
        let listener = state.withLock { $0.remove(id) }
        listener?.continuation.finish()
    }

    /// Ends one stream gracefully: it sends its final result (its lifetime is over).
    func end(_ id: Int) {
        let listener = state.withLock { $0.remove(id) }
        listener?.continuation.yield(.end)
        listener?.continuation.finish()
    }

    /// Delivers `method` to every stream that asked for it.
    func publish(_ method: String) {
        state.withLock { state in
            for listener in state.listeners.values where listener.methods.contains(method) {
                listener.continuation.yield(.notification(method))
            }
        }
    }

    /// Ends every stream gracefully.
    func closeAll() {
        state.withLock { state in
            for listener in state.listeners.values {
                listener.continuation.yield(.end)
                listener.continuation.finish()
            }
        }
    }

    var count: Int { state.withLock { $0.listeners.count } }
}
