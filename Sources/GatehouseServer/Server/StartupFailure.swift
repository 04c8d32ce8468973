#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NIOCore

/// Why the server could not start listening, said so a person can act on it (not a raw `bind(…)` errno).
public struct StartupFailure: Error, Sendable, CustomStringConvertible {
    /// One line: what failed, where, and what to do.
    public let description: String

    /// The failure `error` means for a listener on `host:port`, or `nil` when it is not a listening failure.
    static func listening(_ error: any Error, host: String, port: Int) -> StartupFailure? {
        guard let error = error as? IOError else { return nil }
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        switch error.errnoCode {
        case EADDRINUSE:
            return StartupFailure(
                description: "\(address) is already in use by another process: stop it, or choose another port "
                    + "with --port (server.port)")
        case EACCES:
            return StartupFailure(
                description: "not allowed to listen on \(address) (ports below 1024 need privileges): choose a port "
                    + "of 1024 or more with --port (server.port)")
        case EADDRNOTAVAIL:
            return StartupFailure(
                description: "\(host) is not an address of this machine: choose another with --host (server.host)")
        default:
            return StartupFailure(description: "cannot listen on \(address): \(error.description)")
        }
    }
}
