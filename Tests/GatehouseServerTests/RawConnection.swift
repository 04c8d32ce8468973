#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain TCP connection to a test server on this machine, for what an HTTP client library would hide: a request
/// sent in pieces, a connection held open without a request, a body that is never sent.
final class RawConnection {
    /// What a read found.
    enum Received: Equatable {
        /// Bytes arrived (and, when reading to the end, the peer then closed).
        case data(String)
        /// The peer closed the connection (or reset it) with nothing more to read.
        case closed
        /// Nothing arrived within the timeout; the connection is still open.
        case timedOut
    }

    private let descriptor: Int32

    /// Connects to `port` on 127.0.0.1, or on ::1 where the server listens only there.
    init(port: Int) throws {
        if let descriptor = Self.connect(family: AF_INET, port: port) ?? Self.connect(family: AF_INET6, port: port) {
            self.descriptor = descriptor
        } else {
            throw ConnectionError()
        }
    }

    struct ConnectionError: Error {}

    private static func connect(family: Int32, port: Int) -> Int32? {
        #if canImport(Glibc)
            let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        var result: Int32
        if family == AF_INET {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = in6addr_loopback
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    deinit { close(descriptor) }

    /// A TCP port of 127.0.0.1 that was free a moment ago (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw ConnectionError() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends `text` as it is.
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads what arrives within `timeout` seconds; with `untilClosed`, keeps reading until the peer closes.
    ///
    /// Polls without blocking (sleeping between attempts), so a test never holds one of the few cooperative threads
    /// that the server under test needs.
    func receive(timeout: Double, untilClosed: Bool = false) async -> Received {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
            }
            if count > 0 {
                collected += buffer[0..<count]
                if !untilClosed { return .data(String(decoding: collected, as: UTF8.self)) }
                continue
            }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                return collected.isEmpty ? .closed : .data(String(decoding: collected, as: UTF8.self))
            }
            guard ContinuousClock.now < deadline else {
                return collected.isEmpty || untilClosed ? .timedOut : .data(String(decoding: collected, as: UTF8.self))
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
