#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
public import HummingbirdCore
public import Logging
import NIOCore

/// How long a connection may wait and how many may be open: the defences against clients that hold connections
/// without using them (docs/security.md, "Connections").
public struct ConnectionSettings: Sendable, Hashable {
    /// A new connection must deliver its first complete request head within this time (seconds).
    public var headerTimeout: Double
    /// A kept-alive connection with no request in progress is closed after this time (seconds).
    public var idleTimeout: Double
    /// The most connections open at once; see ``effectiveMaximumConnections``.
    public var maximumConnections: Int

    /// Creates settings; the defaults are 10 s for the first request head, 60 s idle, 4 096 connections.
    public init(headerTimeout: Double = 10, idleTimeout: Double = 60, maximumConnections: Int = 4096) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
    }

    /// File descriptors kept free of connections: key fetches, introspection, log files.
    static let reservedDescriptors = 64

    /// ``maximumConnections``, lowered to fit the process's open-file limit (`RLIMIT_NOFILE`) less a reserve, so the
    /// cap is reached before the descriptors run out.
    public var effectiveMaximumConnections: Int {
        var limit = rlimit()
        #if os(Linux)
            let resource = Int32(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(Int32.max) else {
            return maximumConnections
        }
        let available = Int(clamping: limit.rlim_cur) - Self.reservedDescriptors
        return max(1, min(maximumConnections, available))
    }

    /// The HTTP/1.1 server with these timeouts: the first-head deadline, the idle timeout, and connections closed
    /// after a response that leaves its request's body unread or says `Connection: close`.
    public var server: HTTPServerBuilder {
        let headTimeout = Self.amount(headerTimeout)
        return .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [RequestHeadTimeoutHandler(timeout: headTimeout), ConnectionCloseHandler()],
                idleTimeout: Self.amount(idleTimeout)))
    }

    /// `seconds` as a time amount, within 1 ms … 1 day (a NaN or an absurd value from code cannot trap).
    static func amount(_ seconds: Double) -> TimeAmount {
        let bounded = seconds.isFinite ? min(max(seconds, 0.001), 86_400) : 60
        return .nanoseconds(Int64(bounded * 1e9))
    }

    /// The connection cap, logging through `logger` when it is reached.
    public func limit(logger: Logger) -> ConnectionLimit {
        ConnectionLimit(maximum: effectiveMaximumConnections, logger: logger)
    }
}
