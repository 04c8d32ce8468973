import Synchronization

/// The observers of one backend's list changes (``MCPBackend/observe(_:)``), shared by every backend
/// implementation: tokens are never reused, and observers are called outside the lock.
public final class BackendObservers: Sendable {
    private let state = Mutex<(next: UInt64, observers: [UInt64: @Sendable (BackendChange) -> Void])>((0, [:]))

    /// Creates an empty list.
    public init() {}

    /// Adds an observer; returns its token for ``remove(_:)``.
    @discardableResult
    public func add(_ observer: @escaping @Sendable (BackendChange) -> Void) -> UInt64 {
        state.withLock { state in
            state.next += 1
            state.observers[state.next] = observer
            return state.next
        }
    }

    /// Removes an observer.
    public func remove(_ token: UInt64) {
        _ = state.withLock { $0.observers.removeValue(forKey: token) }
    }

    /// Tells every observer about `changes`.
    public func notify(_ changes: BackendChange...) {
        let observers = state.withLock { Array($0.observers.values) }
        for observer in observers {
            for change in changes { observer(change) }
        }
    }
}
