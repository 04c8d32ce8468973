import Synchronization

/// A clock that only moves when told to; for tests and for `token inspect --at`.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Double>

    /// Creates a clock reading `time` (seconds since the epoch).
    public init(_ time: Double) {
        current = Mutex(time)
    }

    public func now() -> Double { current.withLock { $0 } }

    /// Sets the time.
    public func set(_ time: Double) { current.withLock { $0 = time } }

    /// Moves the time forward by `seconds`.
    public func advance(by seconds: Double) { current.withLock { $0 += seconds } }
}
