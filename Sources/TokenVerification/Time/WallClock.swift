/// The source of "now" for every time-dependent decision (`exp`, `nbf`, `iat`, cache expiry).
///
/// Injected so tests pin time instead of sleeping (STYLE.md §9). Seconds since the Unix epoch, as in
/// RFC 7519 NumericDate.
public protocol WallClock: Sendable {
    /// The current time in seconds since 1970-01-01T00:00:00Z.
    func now() -> Double
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
