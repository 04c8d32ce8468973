public import CoreMetrics
public import MCPHTTP
public import Prometheus
import Synchronization
public import TokenVerification

/// The server's metrics, in the Prometheus text format at `metrics.path` (with `# HELP` lines, so
/// `promtool check metrics` accepts them). The same registry backs swift-metrics (``metricsFactory``), so metrics
/// of libraries that use swift-metrics appear beside them:
///
/// | metric | labels |
/// |---|---|
/// | `gatehouse_requests_total` | `endpoint`, `method` (known MCP methods, else `other`), `outcome`, `reason` |
/// | `gatehouse_request_duration_seconds` (histogram) | `endpoint`, `outcome` |
/// | `gatehouse_sessions_active` | `endpoint` |
/// | `gatehouse_verifier_cache_hits_total`, `…_misses_total` | |
/// | `gatehouse_jwks_fetches_total`, `gatehouse_jwks_fetch_failures_total` | `issuer` |
/// | `gatehouse_jwks_keys` | `issuer` |
/// | `gatehouse_upstream_up` (1 when the last exchange got an answer) | `upstream` |
/// | `gatehouse_upstream_tools_served`, `gatehouse_upstream_sessions_active` | `upstream` |
/// | `gatehouse_upstream_failures_total` | `upstream`, `cause` (a fixed set: `timeout`, `unreachable`, …) |
/// | `gatehouse_log_records_dropped_total` (the log writer's queue was full, or its output refused them) | |
///
/// Label values come from fixed sets or from the configuration, never from request content, so a client cannot
/// blow up the series count; tokens and subjects never appear.
public final class GatehouseMetrics: EndpointObserver {
    /// The registry the text exposition is rendered from.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let sampled = Mutex<[String: Int]>([:])
    /// The counter and histogram of each label set seen, made once (the registry's look-up hashes the name and
    /// every label and takes its lock; a request only hashes its four label values here).
    private let handles = Mutex<[RequestLabels: RequestHandles]>([:])

    struct RequestLabels: Hashable {
        var endpoint: String
        var method: String
        var outcome: RequestRecord.Outcome
        var reason: String?
    }

    struct RequestHandles {
        let requests: Prometheus.Counter
        let duration: Prometheus.DurationHistogram
    }

    /// MCP methods that get their own label value.
    static let knownMethods: Set<String> = [
        "initialize", "ping", "server/discover", "tools/list", "tools/call", "resources/list",
        "resources/templates/list", "resources/read", "resources/subscribe", "resources/unsubscribe", "prompts/list",
        "prompts/get", "completion/complete", "logging/setLevel", "notifications/initialized",
        "notifications/cancelled", "subscriptions/listen",
    ]

    /// Creates metrics backed by `registry` (a fresh one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    /// The swift-metrics factory, to bootstrap `MetricsSystem` with (so library metrics land in the same registry).
    public var metricsFactory: any MetricsFactory { factory }

    public func requestCompleted(_ record: RequestRecord) {
        let method = record.mcpMethod.map { Self.knownMethods.contains($0) ? $0 : "other" } ?? "none"
        let labels = RequestLabels(
            endpoint: record.endpoint, method: method, outcome: record.outcome, reason: record.reason)
        let handles = handles.withLock { known in
            if let existing = known[labels] { return existing }
            let made = makeHandles(labels)
            known[labels] = made
            return made
        }
        handles.requests.increment()
        handles.duration.record(record.duration)
    }

    private func makeHandles(_ labels: RequestLabels) -> RequestHandles {
        RequestHandles(
            requests: registry.makeCounter(
                descriptor: Self.requests,
                labels: [
                    ("endpoint", labels.endpoint), ("method", labels.method), ("outcome", labels.outcome.rawValue),
                    ("reason", labels.reason ?? "none"),
                ]),
            duration: registry.makeDurationHistogram(
                descriptor: Self.duration,
                labels: [("endpoint", labels.endpoint), ("outcome", labels.outcome.rawValue)],
                buckets: Self.buckets))
    }

    /// Takes the log writer's count of dropped records.
    public func sample(logRecordsDropped total: Int) {
        advance(Self.logDropped, [], to: total)
    }

    /// Takes the periodic readings: live sessions per endpoint, verifier cache counters, JWKS fetches.
    public func sample(
        sessions: [(endpoint: String, count: Int)], cache: VerifiedTokenCache.Statistics?,
        keySets: [(issuer: String, status: RemoteKeySet.Status)]
    ) {
        for (endpoint, count) in sessions {
            registry.makeGauge(descriptor: Self.sessions, labels: [("endpoint", endpoint)]).set(Int64(count))
        }
        if let cache {
            advance(Self.cacheHits, [], to: cache.hits)
            advance(Self.cacheMisses, [], to: cache.misses)
        }
        for (issuer, status) in keySets {
            advance(Self.jwksFetches, [("issuer", issuer)], to: status.fetchCount)
            advance(Self.jwksFailures, [("issuer", issuer)], to: status.failureCount)
            registry.makeGauge(descriptor: Self.jwksKeys, labels: [("issuer", issuer)])
                .set(Int64(status.keySet.keys.count))
        }
    }

    /// Takes the readings of the gateway's upstreams.
    public func sample(upstreams: [UpstreamReading]) {
        for reading in upstreams {
            let labels = [("upstream", reading.name)]
            registry.makeGauge(descriptor: Self.upstreamUp, labels: labels).set(Int64(reading.isUp ? 1 : 0))
            registry.makeGauge(descriptor: Self.upstreamTools, labels: labels).set(Int64(reading.toolsServed))
            registry.makeGauge(descriptor: Self.upstreamSessions, labels: labels).set(Int64(reading.sessions))
            for (cause, count) in reading.failures {
                advance(Self.upstreamFailures, [("upstream", reading.name), ("cause", cause)], to: count)
            }
        }
    }

    /// One upstream's readings.
    public struct UpstreamReading: Sendable {
        /// The upstream's configured name.
        public var name: String
        /// Whether its last exchange got an answer.
        public var isUp: Bool
        /// How many of its tools are served.
        public var toolsServed: Int
        /// Open per-principal sessions.
        public var sessions: Int
        /// Failed exchanges by cause.
        public var failures: [String: Int]

        /// Creates a reading.
        public init(name: String, isUp: Bool, toolsServed: Int, sessions: Int, failures: [String: Int]) {
            self.name = name
            self.isUp = isUp
            self.toolsServed = toolsServed
            self.sessions = sessions
            self.failures = failures
        }
    }

    /// The Prometheus text exposition.
    public func exposition() -> String { registry.emitToString() }

    /// Moves a counter up to a total read from elsewhere (counters only go up).
    private func advance(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)], to total: Int) {
        let key = descriptor.name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let delta = sampled.withLock { seen in
            let delta = total - (seen[key] ?? 0)
            if delta > 0 { seen[key] = total }
            return delta
        }
        registry.makeCounter(descriptor: descriptor, labels: labels).increment(by: Int64(max(0, delta)))
    }

    static func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gatehouse", metricName: name, unitName: unit, helpText: help)
    }

    static var requests: MetricNameDescriptor {
        descriptor("requests", "total", "MCP requests by endpoint, method, outcome and reason.")
    }
    static var duration: MetricNameDescriptor {
        descriptor("request_duration", "seconds", "Time to the response head of MCP requests.")
    }
    static var upstreamUp: MetricNameDescriptor {
        descriptor("upstream_up", "", "1 when the upstream's last exchange got an answer, else 0.")
    }
    static var upstreamTools: MetricNameDescriptor {
        descriptor("upstream_tools", "served", "Tools of the upstream the rules serve.")
    }
    static var upstreamSessions: MetricNameDescriptor {
        descriptor("upstream_sessions", "active", "Open per-principal sessions with the upstream.")
    }
    static var upstreamFailures: MetricNameDescriptor {
        descriptor("upstream_failures", "total", "Failed exchanges with the upstream, by cause.")
    }
    static var sessions: MetricNameDescriptor {
        descriptor("sessions", "active", "Live legacy (2025-*) sessions per endpoint.")
    }
    static var cacheHits: MetricNameDescriptor {
        descriptor("verifier_cache_hits", "total", "Tokens answered from the verified-token cache.")
    }
    static var cacheMisses: MetricNameDescriptor {
        descriptor("verifier_cache_misses", "total", "Tokens whose signature had to be checked.")
    }
    static var jwksFetches: MetricNameDescriptor {
        descriptor("jwks_fetches", "total", "JWK Set fetches attempted per issuer.")
    }
    static var jwksFailures: MetricNameDescriptor {
        descriptor("jwks_fetch_failures", "total", "JWK Set fetches that failed per issuer.")
    }
    static var logDropped: MetricNameDescriptor {
        descriptor(
            "log_records_dropped", "total", "Log records dropped: the writer's queue was full or its output failed.")
    }
    static var jwksKeys: MetricNameDescriptor {
        descriptor("jwks", "keys", "Verification keys currently held per issuer.")
    }
    static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
}
