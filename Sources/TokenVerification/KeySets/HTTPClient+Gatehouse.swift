public import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The process-wide client the verifier's network adapters (``HTTPKeySetFetcher``, ``TokenIntrospector``) use
    /// unless another is injected.
    ///
    /// Configured for security documents rather than browsing, which is why it is not `HTTPClient.shared`: redirects
    /// are never followed (a configured JWKS, metadata or introspection URL is the only trusted location; RFC 8414
    /// §3.3 and RFC 9728 §3.3 compare the document's issuer/resource with the URL asked), responses are not
    /// decompressed (a small compressed body must not inflate past the size caps), and connecting takes at most 5 s
    /// (each request also carries its own deadline). Like `HTTPClient.shared` it lives as long as the process: never
    /// call `shutdown()` on it (every verifier in the process would lose its key refreshes). An injected client must
    /// be configured the same way: the adapters refuse redirected and encoded answers, but cannot see its settings.
    public static let gatehouse: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
