public import HummingbirdCore
public import Logging

/// At most `maximum` open connections: beyond, the server stops accepting (new clients wait in the listen backlog)
/// until one closes. Keeps a flood of idle connections from exhausting the process's file descriptors, at which
/// point every new client would time out and the accept loop would spin.
///
/// The first time the cap is reached it logs a warning, and again only after the count has fallen below 90 % of it.
public struct ConnectionLimit: AvailableConnectionsDelegate {
    /// The most connections open at once.
    public let maximum: Int
    private let logger: Logger
    private var open = 0
    private var warned = false

    /// Creates the limit.
    public init(maximum: Int, logger: Logger) {
        self.maximum = max(1, maximum)
        self.logger = logger
    }

    public mutating func connectionOpened() {
        open += 1
        if open >= maximum && !warned {
            warned = true
            logger.warning(
                "connection limit reached: new connections wait until one closes",
                metadata: ["max_connections": "\(maximum)"])
        }
    }

    public mutating func connectionClosed() {
        open -= 1
        if open * 10 < maximum * 9 { warned = false }
    }

    public func isAcceptingNewConnections() -> Bool { open < maximum }
}
