import MCPGateway
import MCPHTTP
import TokenVerification

/// The parts of a running server that background work touches: endpoints (sessions, streams), issuers (keys),
/// the verified-token cache and the metrics.
struct ServerRuntime: Sendable {
    let endpoints: [(name: String, endpoint: StreamableHTTPEndpoint)]
    let issuers: TrustedIssuers
    let cache: VerifiedTokenCache
    let metrics: GatehouseMetrics?
    /// The gateway backend, when the server serves upstreams.
    let gateway: GatewayBackend?
    /// The log writer, when the server's logs go through one.
    let logWriter: LogWriter?

    /// Sweeps idle sessions and samples the metrics.
    func maintain() {
        for (_, endpoint) in endpoints { endpoint.sweepIdleSessions() }
        metrics?.sample(
            sessions: endpoints.map { ($0.name, $0.endpoint.sessionCount) },
            cache: cache.statistics,
            keySets: issuers.remoteKeySets.map { ($0.issuer, $0.keySet.status) })
        if let logWriter { metrics?.sample(logRecordsDropped: logWriter.dropped) }
        if let gateway, let metrics {
            let snapshot = gateway.snapshot as? GatewaySnapshot
            metrics.sample(
                upstreams: gateway.upstreams.map { upstream in
                    GatehouseMetrics.UpstreamReading(
                        name: upstream.name, isUp: upstream.health.isHealthy,
                        toolsServed: snapshot?.toolCount(of: upstream.name) ?? 0, sessions: upstream.sessionCount,
                        failures: upstream.failureCounts)
                })
        }
    }

    /// `/readyz`'s view of the upstreams: each one's state, and those never reached (nothing of theirs to serve).
    var upstreamReadiness: (states: [String: String], neverReached: [String]) {
        var states: [String: String] = [:]
        var neverReached: [String] = []
        for upstream in gateway?.upstreams ?? [] {
            switch upstream.health {
            case .healthy: states[upstream.name] = "up"
            case .unknown: states[upstream.name] = "unknown"
            case .unhealthy(let cause, _): states[upstream.name] = "down: \(cause)"
            }
            if upstream.catalog == nil { neverReached.append(upstream.name) }
        }
        return (states, neverReached)
    }

    /// Closes every open SSE stream (graceful shutdown).
    func closeStreams() {
        for (_, endpoint) in endpoints { endpoint.closeStreams() }
    }
}
