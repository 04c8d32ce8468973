public import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The process-wide client of the gateway's HTTP upstreams: configured like ``HTTPClient/gatehouse`` (no
    /// redirects — an upstream URL is the only place the gateway's credentials may go — and no decompression, so a
    /// small compressed body cannot inflate past the response limit) and in addition failing at once when a
    /// connection is refused, rather than retrying until the request's deadline, so an upstream that is down is
    /// reported as `unreachable`, not as a timeout; and keeping up to 256 connections per upstream (AsyncHTTPClient's
    /// default of 8 would queue a busy endpoint's calls behind eight in flight). Never call `shutdown()` on it.
    public static let gatehouseUpstreams: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(5))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
