import AsyncHTTPClient
import Synchronization

/// An `HTTPClient` created on first use and shut down by ``shutdown()`` only if it was.
///
/// AsyncHTTPClient traps when a client is released without `shutdown()`; creating it lazily means an owner that never
/// made a request — a configuration check, a server whose start-up failed before it listened — needs no shutdown and
/// cannot crash on the way out.
final class LazyHTTPClient: Sendable {
    private let configuration: HTTPClient.Configuration
    private let client = Mutex<HTTPClient?>(nil)

    init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
    }

    /// The client, created on the first call.
    var instance: HTTPClient {
        client.withLock { client in
            if let client { return client }
            let created = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            client = created
            return created
        }
    }

    /// Shuts the client down, if one was created.
    func shutdown() async throws {
        let created = client.withLock { client in
            defer { client = nil }
            return client
        }
        try await created?.shutdown()
    }
}
