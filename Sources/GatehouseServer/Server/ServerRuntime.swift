import MCPHTTP
import TokenVerification

/// The parts of a running server that background work touches: endpoints (sessions, streams), issuers (keys),
/// the verified-token cache and the metrics.
struct ServerRuntime: Sendable {
    let endpoints: [(name: String, endpoint: StreamableHTTPEndpoint)]
    let issuers: TrustedIssuers
    let cache: VerifiedTokenCache
    let metrics: GatehouseMetrics?

    /// Sweeps idle sessions and samples the metrics.
    func maintain() {
        for (_, endpoint) in endpoints { endpoint.sweepIdleSessions() }
        metrics?.sample(
            sessions: endpoints.map { ($0.name, $0.endpoint.sessionCount) },
            cache: cache.statistics,
            keySets: issuers.remoteKeySets.map { ($0.issuer, $0.keySet.status) })
    }

    /// Closes every open SSE stream (graceful shutdown).
    func closeStreams() {
        for (_, endpoint) in endpoints { endpoint.closeStreams() }
    }
}
