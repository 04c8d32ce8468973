public import Logging
import Synchronization

/// An issuer's key set fetched from a `jwks_uri` (RFC 7517 §5, RFC 8414 §2), cached and refreshed.
///
/// The per-request path reads an immutable ``KeySet`` snapshot under a lock and never suspends while the
/// snapshot is usable. Network work happens only:
/// - on first use, or when the snapshot has expired beyond its stale allowance;
/// - in the background when the snapshot has expired but may still be served (stale-while-revalidate);
/// - on an unknown `kid`, at most once per ``Configuration/unknownKeyCooldown`` (so a flood of random `kid`s
///   costs one fetch, not one per request);
/// - from ``RemoteKeySetRefreshService`` ahead of expiry.
///
/// All of these are **single-flight**: concurrent callers share one fetch. When the endpoint fails, the last
/// good keys keep verifying for ``Configuration/maximumStaleness`` (stale-if-error). Keys dropped from the
/// published set stop verifying at the next successful refresh.
public final class RemoteKeySet: KeyProvider {
    /// Where the key set is found.
    public enum Source: Sendable, Hashable {
        /// A JWK Set URL.
        case keySetURL(String)
        /// An RFC 8414 / OpenID Connect Discovery metadata URL; its `issuer` must equal the expected issuer
        /// exactly (RFC 8414 §3.3) and its `jwks_uri` is used.
        case metadataURL(String, expectedIssuer: String)
    }

    /// Timing and size limits.
    public struct Configuration: Sendable {
        /// Bounds applied to the server's `Cache-Control: max-age`.
        public var cacheLifetimeBounds: ClosedRange<Double>
        /// Lifetime used when the server sends no `max-age`.
        public var defaultCacheLifetime: Double
        /// Minimum time between fetches caused by unknown `kid`s (and between retries after a failure).
        public var unknownKeyCooldown: Double
        /// How long past expiry the last good keys may still be used when refreshing fails.
        public var maximumStaleness: Double
        /// The largest document accepted.
        public var maximumDocumentBytes: Int
        /// The most keys accepted in one set.
        public var maximumKeys: Int

        /// Creates a configuration with production defaults: lifetimes between 1 minute and 24 hours
        /// (1 hour without `max-age`), a 30 s cooldown, 24 hours of stale-if-error, 256 KiB and 64 keys.
        public init(
            cacheLifetimeBounds: ClosedRange<Double> = 60...86_400,
            defaultCacheLifetime: Double = 3_600,
            unknownKeyCooldown: Double = 30,
            maximumStaleness: Double = 86_400,
            maximumDocumentBytes: Int = 256 * 1024,
            maximumKeys: Int = 64
        ) {
            self.cacheLifetimeBounds = cacheLifetimeBounds
            self.defaultCacheLifetime = defaultCacheLifetime
            self.unknownKeyCooldown = unknownKeyCooldown
            self.maximumStaleness = maximumStaleness
            self.maximumDocumentBytes = maximumDocumentBytes
            self.maximumKeys = maximumKeys
        }
    }

    /// What is known about the key set right now (for diagnostics and readiness).
    public struct Status: Sendable {
        /// The current keys.
        public var keySet: KeySet
        /// When the keys were last fetched successfully.
        public var fetchedAt: Double?
        /// When the keys expire (before stale allowance).
        public var expiresAt: Double
        /// The last failure, if the latest attempt failed.
        public var lastFailure: String?
        /// How many fetches were attempted.
        public var fetchCount: Int
        /// How many fetches failed.
        public var failureCount = 0
    }

    private struct State {
        var status = Status(keySet: .empty, fetchedAt: nil, expiresAt: 0, lastFailure: nil, fetchCount: 0)
        var lastAttempt: Double?
        var resolvedKeySetURL: String?
        var inFlight: Task<Void, Never>?
    }

    /// Where the keys come from.
    public let source: Source
    private let configuration: Configuration
    private let fetcher: any KeySetFetcher
    private let clock: any WallClock
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates a remote key set. Nothing is fetched until first use or ``refresh()``.
    public init(
        source: Source,
        fetcher: any KeySetFetcher,
        configuration: Configuration = Configuration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "gatehouse.jwks")
    ) {
        self.source = source
        self.fetcher = fetcher
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// The current status.
    public var status: Status { state.withLock { $0.status } }

    public var hasKeys: Bool { state.withLock { !$0.status.keySet.keys.isEmpty } }

    public func isPublished(thumbprint: String) -> Bool {
        state.withLock { $0.status.keySet.thumbprints.contains(thumbprint) }
    }

    public func candidates(keyID: String?, algorithm: SignatureAlgorithm) async throws(TokenVerificationError)
        -> [VerificationKey]
    {
        let now = clock.now()
        let (status, lastAttempt) = state.withLock { ($0.status, $0.lastAttempt) }
        let cooledDown = lastAttempt.map { now - $0 >= configuration.unknownKeyCooldown } ?? true
        let usable = status.fetchedAt != nil && now < status.expiresAt + configuration.maximumStaleness

        if usable {
            if now >= status.expiresAt && cooledDown { startRefresh() }
            let keys = status.keySet.candidates(keyID: keyID, algorithm: algorithm)
            if !keys.isEmpty { return keys }
            // Unknown kid: the issuer may have rotated. Refetch at most once per cooldown.
            guard cooledDown else { throw KeyLookupFailure.unknownKey(keyID, algorithm) }
        } else if !cooledDown {
            throw unavailable(status)
        }
        await refresh()
        let refreshed = self.status
        guard refreshed.fetchedAt != nil, clock.now() < refreshed.expiresAt + configuration.maximumStaleness else {
            throw unavailable(refreshed)
        }
        let keys = refreshed.keySet.candidates(keyID: keyID, algorithm: algorithm)
        guard !keys.isEmpty else { throw KeyLookupFailure.unknownKey(keyID, algorithm) }
        return keys
    }

    /// Fetches the key set now, or joins a fetch already under way. Never throws: failures are recorded in
    /// ``status`` and logged, and the previous keys stay in place.
    public func refresh() async {
        await startRefresh().value
    }

    /// When the next refresh is due (for the background service).
    public var nextRefreshDue: Double {
        state.withLock { state in
            guard state.status.fetchedAt != nil else { return 0 }
            if state.status.lastFailure != nil, let lastAttempt = state.lastAttempt {
                return lastAttempt + configuration.unknownKeyCooldown
            }
            // Refresh a little ahead of expiry so requests never wait.
            let lifetime = state.status.expiresAt - (state.status.fetchedAt ?? 0)
            return state.status.expiresAt - min(lifetime * 0.1, 300)
        }
    }

    @discardableResult
    private func startRefresh() -> Task<Void, Never> {
        state.withLock { state in
            if let task = state.inFlight { return task }
            state.lastAttempt = clock.now()
            state.status.fetchCount += 1
            let task = Task { await self.performFetch() }
            state.inFlight = task
            return task
        }
    }

    private func performFetch() async {
        let outcome: Result<(KeySet, Double, [JSONWebKeySet.SkippedKey]), KeySetFetchError>
        do {
            let url = try await keySetURL()
            let document = try await fetcher.fetch(url, maximumBytes: configuration.maximumDocumentBytes)
            let parsed = try JSONWebKeySet.parse(document.body, maximumKeys: configuration.maximumKeys)
            let lifetime = CacheControl(document.cacheControl).lifetime(
                within: configuration.cacheLifetimeBounds,
                fallback: configuration.defaultCacheLifetime
            )
            outcome = .success((parsed.keySet, lifetime, parsed.skipped))
        } catch let error as KeySetFetchError {
            outcome = .failure(error)
        } catch let error as JSONWebKeySet.Failure {
            outcome = .failure(KeySetFetchError(error.reason))
        } catch {
            outcome = .failure(KeySetFetchError("\(error)"))
        }
        let now = clock.now()
        switch outcome {
        case .success(let (keySet, lifetime, skipped)):
            for key in skipped {
                logger.debug("skipped a key in the issuer's key set", metadata: ["jwks.skipped": "\(key)"])
            }
            let recovered = state.withLock { $0.status.lastFailure != nil }
            logger.log(
                level: recovered ? .notice : .debug, recovered ? "key set fetched again" : "fetched key set",
                metadata: ["jwks.keys": "\(keySet.keys.count)", "jwks.lifetime": "\(lifetime)"])
            state.withLock { state in
                state.status.keySet = keySet
                state.status.fetchedAt = now
                state.status.expiresAt = now + lifetime
                state.status.lastFailure = nil
                state.inFlight = nil
            }
        case .failure(let error):
            let (firstFailure, hadKeys) = state.withLock { state in
                defer {
                    state.status.lastFailure = error.message
                    state.status.failureCount += 1
                    state.inFlight = nil
                }
                return (state.status.lastFailure == nil, !state.status.keySet.keys.isEmpty)
            }
            // The first failure of a run is a warning (an unreachable or mistyped URL must show in the log, not only
            // in /readyz); repeats of it are debug, so a long outage does not flood the log.
            logger.log(
                level: firstFailure ? .warning : .debug,
                hadKeys ? "key set refresh failed; keeping the previous keys" : "key set fetch failed; no keys yet",
                metadata: ["jwks.error": "\(error.message)"])
        }
    }

    private func keySetURL() async throws -> String {
        switch source {
        case .keySetURL(let url):
            return url
        case .metadataURL(let url, let expectedIssuer):
            if let resolved = state.withLock({ $0.resolvedKeySetURL }) { return resolved }
            let document = try await fetcher.fetch(url, maximumBytes: configuration.maximumDocumentBytes)
            let metadata: [String: JSONValue]
            do {
                metadata = try StrictJSONParser().parseObject(document.body)
            } catch {
                throw KeySetFetchError("the metadata at \(url) is not a JSON object: \(error)")
            }
            guard metadata["issuer"]?.stringValue == expectedIssuer else {
                throw KeySetFetchError("the metadata at \(url) names a different issuer than \(expectedIssuer)")
            }
            guard let jwksURI = metadata["jwks_uri"]?.stringValue else {
                throw KeySetFetchError("the metadata at \(url) has no jwks_uri")
            }
            state.withLock { $0.resolvedKeySetURL = jwksURI }
            return jwksURI
        }
    }

    private func unavailable(_ status: Status) -> TokenVerificationError {
        TokenVerificationError(
            .keysUnavailable,
            "the issuer's keys are unavailable" + (status.lastFailure.map { ": \($0)" } ?? "")
        )
    }
}
