import MCPCore

/// Settings of one Streamable HTTP endpoint.
public struct StreamableHTTPConfiguration: Sendable {
    /// How request responses are sent.
    public struct ResponseMode: Sendable, Hashable {
        let name: String
        /// JSON, or an SSE stream when the request asked for progress (so notifications can precede the result).
        public static let automatic = ResponseMode(name: "automatic")
        /// Always a single JSON object (for proxies that cannot stream).
        public static let json = ResponseMode(name: "json")
        /// Always an SSE stream.
        public static let sse = ResponseMode(name: "sse")
    }

    /// The endpoint's name, given to handlers (`claude`, `openai`, …).
    public var endpointName: String
    /// The response mode.
    public var responseMode: ResponseMode
    /// Origins allowed to call from a browser (exact `scheme://host[:port]`). A request with an `Origin` not in the
    /// list gets 403; a request without `Origin` (server-to-server clients) is allowed.
    public var allowedOrigins: Set<String>
    /// The largest request body accepted (413 beyond).
    public var maximumBodyBytes: Int
    /// The most legacy sessions kept at once; see ``maximumSessionsPerPrincipal`` for which one is evicted.
    public var maximumSessions: Int
    /// Legacy sessions unused for this long are removed (seconds).
    public var sessionIdleTimeout: Double
    /// Events kept per session for `Last-Event-ID` resumption of its GET stream.
    public var replayBufferEvents: Int
    /// The SSE `retry` hint (milliseconds).
    public var sseRetryMilliseconds: Int
    /// Whether legacy sessions may open a GET SSE stream (405 when not).
    public var allowsGetStream: Bool
    /// Whether tool descriptors carry OpenAI Apps SDK `securitySchemes`.
    public var includeSecuritySchemes: Bool
    /// Whether lists leave out what an authenticated caller's scopes do not allow (``MCPCore/CallContext/listsOnlyPermitted``).
    public var listsOnlyPermitted = false
    /// The most legacy sessions one principal (issuer + subject) keeps (default 64); beyond, its own least
    /// recently used session goes. Anonymous sessions share one bucket of half ``maximumSessions``.
    public var maximumSessionsPerPrincipal = 64
    /// The most 2026-07-28 `subscriptions/listen` streams open at once (default 1 024). Anonymous callers share at
    /// most half of them.
    public var maximumSubscriptions = 1024
    /// The most `subscriptions/listen` streams one principal (issuer + subject) keeps open (default 8).
    public var maximumSubscriptionsPerPrincipal = 8
    /// How long one `subscriptions/listen` stream may stay open (seconds, default 3 600); then it ends gracefully
    /// with its final result, and the client listens again.
    public var subscriptionLifetime: Double = 3600
    /// The most messages a 2025-03-26 batch may hold (default 32; -32600 beyond).
    public var maximumBatchMessages = JSONRPCMessage.defaultMaximumBatchMessages
    /// The most bytes of responses one batch may produce (default 4 MiB). Requests whose responses would not fit
    /// are not run; each gets -32603 instead.
    public var maximumBatchResponseBytes = 4 * 1024 * 1024
    /// The most bytes of events one session keeps for `Last-Event-ID` replay (default 1 MiB); older events go first.
    public var replayBufferBytes = 1024 * 1024
    /// The most bytes of replay events all sessions of the endpoint keep together (default 64 MiB).
    public var replayBufferTotalBytes = 64 * 1024 * 1024
    /// This instance's name when several run behind a load balancer: session ids start with `<instanceID>.`, so
    /// the balancer can route a session's requests to the instance that holds it (docs/deployment.md).
    public var instanceID: String?
    /// Told how every request ended (auth-decision logs, metrics); `nil` records nothing.
    public var observer: (any EndpointObserver)?

    /// Whether `text` is an origin as browsers send it in `Origin` (RFC 6454 §6.1): `http` or `https`, `://`, a host
    /// (a name, an IPv4 address or a bracketed IPv6 address) and an optional port — nothing else. `*`, `null`, paths
    /// and trailing slashes are not origins; nor are spellings a browser never sends — upper-case letters, or the
    /// scheme's default port (`:443` for https, `:80` for http) — since origins are compared exactly.
    /// ``allowedOrigins`` entries that are not origins are never matched.
    public static func isOrigin(_ text: String) -> Bool {
        let scheme: Substring
        if text.hasPrefix("https://") {
            scheme = "https://"
        } else if text.hasPrefix("http://") {
            scheme = "http://"
        } else {
            return false
        }
        guard !text.contains(where: \.isUppercase) else { return false }
        var authority = text.dropFirst(scheme.count)
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            let literal = authority[authority.index(after: authority.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return false
            }
            authority = authority[authority.index(after: close)...]
        } else {
            let host = authority.prefix { $0 != ":" }
            let label: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
            guard !host.isEmpty, host.allSatisfy(label), !host.hasPrefix("."), !host.hasSuffix(".") else {
                return false
            }
            authority = authority.dropFirst(host.count)
        }
        guard !authority.isEmpty else { return true }
        guard authority.first == ":" else { return false }
        let port = authority.dropFirst()
        guard (1...5).contains(port.count), port.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(port) else {
            return false
        }
        let defaultPort = scheme == "https://" ? 443 : 80
        return (1...65535).contains(value) && value != defaultPort
    }

    /// Creates a configuration with safe defaults: automatic responses, no browser origins, 4 MiB bodies,
    /// 10 000 sessions idle for at most 30 minutes, 256 replayable events, 3 s retry, GET streams on.
    public init(
        endpointName: String = "default",
        responseMode: ResponseMode = .automatic,
        allowedOrigins: Set<String> = [],
        maximumBodyBytes: Int = 4 * 1024 * 1024,
        maximumSessions: Int = 10_000,
        sessionIdleTimeout: Double = 1800,
        replayBufferEvents: Int = 256,
        sseRetryMilliseconds: Int = 3000,
        allowsGetStream: Bool = true,
        includeSecuritySchemes: Bool = false,
        observer: (any EndpointObserver)? = nil
    ) {
        self.endpointName = endpointName
        self.responseMode = responseMode
        self.allowedOrigins = allowedOrigins
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumSessions = maximumSessions
        self.sessionIdleTimeout = sessionIdleTimeout
        self.replayBufferEvents = replayBufferEvents
        self.sseRetryMilliseconds = sseRetryMilliseconds
        self.allowsGetStream = allowsGetStream
        self.includeSecuritySchemes = includeSecuritySchemes
        self.observer = observer
    }
}
