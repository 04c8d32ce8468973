public import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Fetches key sets and metadata over HTTP(S) with AsyncHTTPClient.
///
/// Hardened for a hostile or broken endpoint: redirects are not followed (a configured URL is the only
/// trusted location), plain `http` is refused except to loopback hosts, every fetch has a deadline, and a body
/// larger than the cap is abandoned as soon as the cap is crossed (checked against `Content-Length` first).
///
/// The `HTTPClient` is injected (default ``AsyncHTTPClient/HTTPClient/gatehouse``, which follows no redirects and
/// never decompresses); the fetcher owns nothing that needs shutting down.
public struct HTTPKeySetFetcher: KeySetFetcher {
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// Creates a fetcher.
    /// - Parameters:
    ///   - httpClient: the client to fetch with; it must not follow redirects (see
    ///     ``AsyncHTTPClient/HTTPClient/gatehouse``).
    ///   - timeout: the deadline for one fetch, connection included.
    public init(httpClient: HTTPClient = .gatehouse, timeout: Duration = .seconds(5)) {
        self.client = httpClient
        self.timeout = .init(timeout)
    }

    public func fetch(_ url: String, maximumBytes: Int) async throws -> FetchedDocument {
        try Self.checkScheme(url)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/jwk-set+json, application/json")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .now() + timeout)
        } catch {
            throw KeySetFetchError("fetching \(url) failed: \(error)")
        }
        try Self.checkNotRedirected(response, url: url)
        guard response.status == .ok else {
            throw KeySetFetchError("\(url) answered HTTP \(response.status.code)")
        }
        if let encoding = response.headers.first(name: "Content-Encoding"), encoding.lowercased() != "identity" {
            throw KeySetFetchError(
                "\(url) sent a \(encoding.prefix(20))-encoded body; keys are read only as sent, uncompressed")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBytes {
            throw KeySetFetchError("\(url) sent \(length) bytes, more than the limit of \(maximumBytes)")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maximumBytes)
        } catch is NIOTooManyBytesError {
            throw KeySetFetchError("\(url) sent more than the limit of \(maximumBytes) bytes")
        } catch {
            throw KeySetFetchError("reading \(url) failed: \(error)")
        }
        return FetchedDocument(
            body: Array(buffer: body),
            cacheControl: response.headers[canonicalForm: "Cache-Control"].joined(separator: ",")
        )
    }

    /// An answer reached through a redirect is refused, whatever client was injected: the configured URL is the only
    /// trusted location of keys and metadata (a client configured to follow redirects would otherwise hand over
    /// keys from wherever an open redirect points).
    static func checkNotRedirected(_ response: HTTPClientResponse, url: String) throws {
        guard response.history.count <= 1 else {
            throw KeySetFetchError("\(url) redirected elsewhere; redirects are never followed for keys or metadata")
        }
    }

    /// `https` anywhere; `http` only to a loopback host (local development and tests).
    static func checkScheme(_ url: String) throws {
        guard let resource = ResourceIdentifier(url) else { throw KeySetFetchError("\(url) is not an absolute URL") }
        switch resource.scheme {
        case "https":
            return
        case "http" where LoopbackHost.contains(resource.host):
            return
        default:
            throw KeySetFetchError("\(url) must use https (plain http is only allowed to loopback hosts)")
        }
    }
}
