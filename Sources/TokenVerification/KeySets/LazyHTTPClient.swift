import AsyncHTTPClient
import Synchronization

/// An `HTTPClient` created on first use and shut down by ``shutdown()`` only if it was.
///
/// AsyncHTTPClient traps when a client is released without `shutdown()`; creating it lazily means an owner that never
/// made a request — a configuration check, a server whose start-up failed before it listened — needs no shutdown and
/// cannot crash on the way out.
final class LazyHTTPClient: Sendable {
    private let configuration: HTTPClient.Configuration
    private let client = Mutex<(client: HTTPClient?, isShutDown: Bool)>((nil, false))

    init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
    }

    /// The client, created on the first call.
    /// - Throws: ``ShutDown`` after ``shutdown()``: a late request (a key refresh during shutdown) must not create a
    ///   client that nothing will shut down.
    func instance() throws(ShutDown) -> HTTPClient {
        try client.withLock { (state) throws(ShutDown) -> HTTPClient in
            guard !state.isShutDown else { throw ShutDown() }
            if let client = state.client { return client }
            let created = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            state.client = created
            return created
        }
    }

    /// Requests after ``shutdown()`` are refused.
    struct ShutDown: Error, CustomStringConvertible {
        var description: String { "the HTTP client is shut down" }
    }

    /// Shuts the client down, if one was created, and refuses to create another.
    func shutdown() async throws {
        let created = client.withLock { state in
            defer { state = (nil, true) }
            return state.client
        }
        try await created?.shutdown()
    }
}
