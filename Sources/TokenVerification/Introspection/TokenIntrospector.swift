public import AsyncHTTPClient
import Foundation
import GatehouseJSON
import NIOCore
import NIOHTTP1
import Synchronization

/// Asks an authorization server whether a token is still active (RFC 7662), so revoked tokens are refused even
/// while their signature and `exp` are still good.
///
/// - The resource server authenticates with its own client credentials (HTTP Basic, RFC 7662 §2.1).
/// - Answers are cached by token digest: an active answer until the earlier of the token's `exp` and
///   ``Configuration/activeCacheSeconds`` (so a revocation is noticed within that window), an inactive answer for
///   ``Configuration/inactiveCacheSeconds``.
/// - It fails closed: when the endpoint cannot be reached, the token is not accepted (the verifier answers 503,
///   not the client's fault).
///
/// The `HTTPClient` is injected (default ``AsyncHTTPClient/HTTPClient/gatehouse``); the introspector owns nothing
/// that needs shutting down. The verifier sees it only as a ``TokenStatusChecker``.
public final class TokenIntrospector: TokenStatusChecker {
    /// Endpoint, credentials and cache bounds.
    public struct Configuration: Sendable {
        /// The introspection endpoint (RFC 8414 `introspection_endpoint`).
        public var endpoint: String
        /// The resource server's client id.
        public var clientID: String
        /// The resource server's client secret (never logged).
        public var clientSecret: String
        /// How long an active answer is reused at most.
        public var activeCacheSeconds: Double
        /// How long an inactive answer is reused.
        public var inactiveCacheSeconds: Double
        /// Deadline of one call.
        public var timeout: Duration

        /// Creates a configuration (defaults: active answers reused ≤ 30 s, inactive 60 s, 5 s deadline).
        public init(
            endpoint: String, clientID: String, clientSecret: String, activeCacheSeconds: Double = 30,
            inactiveCacheSeconds: Double = 60, timeout: Duration = .seconds(5)
        ) {
            self.endpoint = endpoint
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.activeCacheSeconds = activeCacheSeconds
            self.inactiveCacheSeconds = inactiveCacheSeconds
            self.timeout = timeout
        }
    }

    private let configuration: Configuration
    private let client: HTTPClient
    private let clock: any WallClock
    private let cache = Mutex([TokenDigest: (active: Bool, until: Double)]())
    /// The most answers kept.
    static let maximumCachedAnswers = 10_000

    /// Creates an introspector.
    /// - Parameters:
    ///   - configuration: endpoint, credentials, cache bounds.
    ///   - httpClient: the client to call the endpoint with; it must not follow redirects.
    ///   - clock: the time source for the answer cache.
    public init(
        configuration: Configuration, httpClient: HTTPClient = .gatehouse, clock: any WallClock = SystemWallClock()
    ) {
        self.configuration = configuration
        self.client = httpClient
        self.clock = clock
    }

    /// Whether the authorization server says `token` (which expires at `expiresAt`) is active.
    /// - Throws: ``TokenVerificationError`` `.keysUnavailable` when the endpoint cannot answer.
    public func isActive(_ token: Substring, expiresAt: Double) async throws(TokenVerificationError) -> Bool {
        let digest = TokenDigest(token)
        let now = clock.now()
        if let cached = cache.withLock({ $0[digest] }), cached.until > now { return cached.active }
        let active = try await ask(token)
        let until =
            active ? min(expiresAt, now + configuration.activeCacheSeconds) : now + configuration.inactiveCacheSeconds
        cache.withLock { cache in
            if cache.count >= Self.maximumCachedAnswers {
                cache = cache.filter { $0.value.until > now }
                // Still full of live answers: start over rather than grow (a flood of distinct tokens must not
                // exhaust memory; the cost is re-asking the authorization server).
                if cache.count >= Self.maximumCachedAnswers { cache.removeAll(keepingCapacity: true) }
            }
            cache[digest] = (active, until)
        }
        return active
    }

    private func ask(_ token: Substring) async throws(TokenVerificationError) -> Bool {
        do {
            try HTTPKeySetFetcher.checkScheme(configuration.endpoint)
            var request = HTTPClientRequest(url: configuration.endpoint)
            request.method = .POST
            let credentials = Data(
                "\(FormURLEncoding.encode(configuration.clientID)):\(FormURLEncoding.encode(configuration.clientSecret))"
                    .utf8
            )
            .base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(credentials)")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "Accept", value: "application/json")
            request.body = .bytes(
                ByteBuffer(string: "token=\(FormURLEncoding.encode(String(token)))&token_type_hint=access_token"))
            let response = try await client.execute(request, deadline: .now() + .init(configuration.timeout))
            guard response.history.count <= 1 else {
                throw TokenVerificationError(
                    .keysUnavailable, "the introspection endpoint redirected; redirects are never followed")
            }
            guard response.status == .ok else {
                throw TokenVerificationError(
                    .keysUnavailable, "the introspection endpoint answered HTTP \(response.status.code)")
            }
            if let encoding = response.headers.first(name: "Content-Encoding"), encoding.lowercased() != "identity" {
                throw TokenVerificationError(
                    .keysUnavailable, "the introspection endpoint sent an encoded body; it is read only uncompressed")
            }
            let body = try await response.body.collect(upTo: 64 * 1024)
            let answer = try StrictJSONParser().parseObject(body.readableBytesView)
            guard let active = answer["active"]?.boolValue else {
                throw TokenVerificationError(.keysUnavailable, "the introspection answer has no boolean \"active\"")
            }
            return active
        } catch let error as TokenVerificationError {
            throw error
        } catch {
            throw TokenVerificationError(.keysUnavailable, "token introspection failed")
        }
    }

}
