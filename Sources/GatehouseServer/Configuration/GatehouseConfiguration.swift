public import Logging
public import MCPGateway
public import MCPHTTP
public import TokenVerification

/// Everything `gatehouse serve` needs: where to listen, whom to trust, which endpoints to serve. Read from one
/// YAML file (``ConfigurationLoader``; every key in `docs/configuration.md`), or the embedded development default.
public struct GatehouseConfiguration: Sendable {
    /// The listener.
    public var server = ServerSettings()
    /// Logs.
    public var logging = LoggingSettings()
    /// The Prometheus endpoint.
    public var metrics = MetricsSettings()
    /// The tool backend served by `gatehouse serve`: `example` (the example tools), or `upstreams` (the MCP
    /// servers of ``upstreams``, combined; docs/gateway.md). Your own Swift tools come through the library.
    public var backend = "example"
    /// Existing MCP servers served through the endpoints when ``backend`` is `upstreams`.
    public var upstreams: [UpstreamConfiguration] = []
    /// Trusted token issuers.
    public var issuers: [IssuerSettings] = []
    /// MCP endpoints (per-client profiles sharing the backend).
    public var endpoints: [EndpointSettings] = []
    /// The development issuer's sign-in (`development:`).
    public var development = DevelopmentSettings()

    /// Creates an empty configuration (no issuers, no endpoints).
    public init() {}

    /// How the development issuer's sign-in behaves (docs/quickstart.md, "Sign in with a real client").
    public struct DevelopmentSettings: Sendable, Hashable {
        /// Approve every valid authorization request without showing the consent page (`auto_approve`,
        /// `--dev-auto-approve`): for scripts and tests.
        public var autoApprove = false

        /// The default: the consent page asks.
        public init() {}
    }

    /// The issuer whose keys are the development keys, when one is configured (at most one can serve its sign-in:
    /// the first).
    public var developmentIssuer: (issuer: String, directory: String)? {
        for issuer in issuers {
            if case .development(let directory) = issuer.keys { return (issuer.issuer, directory) }
        }
        return nil
    }

    /// Where and how to listen.
    public struct ServerSettings: Sendable, Hashable {
        /// The address to bind.
        public var host = "127.0.0.1"
        /// The TCP port.
        public var port = 8080
        /// The externally visible origin (`https://mcp.example.com`), the base of every endpoint's resource URI;
        /// `http://host:port` when not set.
        public var publicURL: String?
        /// How long a SIGTERM waits for in-flight requests before closing (seconds).
        public var shutdownGraceSeconds = 10.0
        /// Whether to serve `/healthz` and `/readyz`.
        public var healthChecks = true
        /// This instance's name behind a load balancer (letters, digits, `-`): legacy session ids start with
        /// `<instance_id>.` so the balancer can route each session to its instance (docs/deployment.md).
        public var instanceID: String?
        /// Connection timeouts and the connection cap (`header_timeout_seconds`, `idle_timeout_seconds`,
        /// `max_connections`).
        public var connections = ConnectionSettings()

        /// The origin that endpoint paths are appended to.
        public var origin: String {
            if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
            let host = self.host.contains(":") ? "[\(self.host)]" : self.host
            return "http://\(host):\(port)"
        }
    }

    /// What is allowed but risky, said at start-up and by `gatehouse config check`.
    public var warnings: [String] {
        var warnings: [String] = []
        if let publicURL = server.publicURL, let resource = ResourceIdentifier(publicURL), resource.scheme == "http",
            !LoopbackHost.contains(resource.host)
        {
            warnings.append(
                "server.public_url \(publicURL) is plain http on a host that is not loopback: access tokens and "
                    + "session ids would cross the network unencrypted. Use https (TLS at the proxy in front).")
        }
        // An issuer's extra audiences are accepted by every endpoint that trusts it, so with several endpoints they
        // erase the audience separation RFC 8707 gives them (a token for one is a token for all).
        if endpoints.count > 1 {
            for issuer in issuers where !issuer.audiencePolicy.additionalAudiences.isEmpty {
                warnings.append(
                    "the additional_audiences of issuer \(issuer.issuer) are accepted by every endpoint ("
                        + endpoints.map(\.name).joined(separator: ", ")
                        + "): a token naming one of them is valid at each; keep such endpoints in a server of their own"
                )
            }
        }
        return warnings
    }

    /// Log level and format.
    public struct LoggingSettings: Sendable, Hashable {
        /// Log records below this level are dropped.
        public var level = Logger.Level.info
        /// `text` (human) or `json` (one object per line, for collectors).
        public var format = LogFormat.text
        /// Whether every MCP request logs one auth-decision event (at `info`; denials always at `notice`).
        public var authDecisions = true
        /// At most this many records wait for the log writer (`queue_lines`).
        public var queueLines = 10_000
        /// What a request does when that queue is full (`when_full`): drop the record and count it, or wait.
        public var whenFull = LogWriter.Settings.WhenFull.drop

        /// The settings of the ``LogWriter`` these describe.
        public var writerSettings: LogWriter.Settings {
            LogWriter.Settings(format: format, capacity: queueLines, whenFull: whenFull)
        }
    }

    /// The two log formats.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        /// `2026-11-22T10:00:00.123Z info gatehouse: message key=value key="two words"` (logfmt after the message)
        case text
        /// `{"timestamp":…,"level":…,"label":…,"message":…,…metadata}`
        case json
    }

    /// The Prometheus metrics endpoint.
    public struct MetricsSettings: Sendable, Hashable {
        /// Whether metrics are collected and served.
        public var enabled = true
        /// The path of the text exposition.
        public var path = "/metrics"
    }

    /// One trusted issuer.
    public struct IssuerSettings: Sendable {
        /// Where its verification keys come from (exactly one).
        public enum KeySource: Sendable, Hashable {
            /// A JWK Set URL (RFC 7517 §5).
            case jwksURI(String)
            /// An RFC 8414 / OpenID Connect metadata URL whose `jwks_uri` is used (its `issuer` must match).
            case metadataURL(String)
            /// A JWK Set file read at start-up.
            case jwksFile(String)
            /// The development issuer's PEM keys (`Keys/`). Never in production; only on a loopback listener.
            case development(directory: String)
            /// An HMAC secret (HS256/384/512 only), from a file or the environment.
            case sharedSecret(Secret)
        }

        /// The exact `iss`.
        public var issuer: String
        /// The key source.
        public var keys: KeySource
        /// The algorithm allow-list; every asymmetric algorithm by default, HS* only with a shared secret.
        public var algorithms: [SignatureAlgorithm]
        /// Clock-skew tolerance (seconds).
        public var leeway = 60.0
        /// The `typ` rule (RFC 9068 `at+jwt` by default).
        public var typePolicy = TypePolicy.accessToken
        /// Where scopes are read from.
        public var scopeClaim = ScopeClaim.scope
        /// Claims every token must carry (RFC 9068's list by default).
        public var requiredClaims = IssuerPolicy.rfc9068RequiredClaims
        /// How `aud` is matched beyond the endpoint's resource: the trailing-slash rule and extra audiences
        /// (Entra ID cannot issue path URIs as audiences) — RFC 8707 §2, RFC 9068 §4 step 4.
        public var audiencePolicy = AudiencePolicy()
        /// RFC 7662 introspection, to refuse revoked tokens.
        public var introspection: IntrospectionSettings?

        /// Creates an issuer.
        public init(issuer: String, keys: KeySource, algorithms: [SignatureAlgorithm]? = nil) {
            self.issuer = issuer
            self.keys = keys
            if let algorithms {
                self.algorithms = algorithms
            } else if case .sharedSecret = keys {
                self.algorithms = [.hs256]
            } else {
                self.algorithms = SignatureAlgorithm.asymmetric
            }
        }
    }

    /// RFC 7662 introspection of one issuer's tokens.
    public struct IntrospectionSettings: Sendable {
        /// The introspection endpoint.
        public var endpoint: String
        /// The resource server's client id at the authorization server.
        public var clientID: String
        /// Its client secret.
        public var clientSecret: Secret
        /// How long an "active" answer is trusted (seconds).
        public var activeCacheSeconds = 30.0
    }

    /// One MCP endpoint.
    public struct EndpointSettings: Sendable {
        /// The presets of DESIGN.md §2.
        public enum Preset: String, Sendable, Hashable, CaseIterable {
            /// Transport-level 401/403 challenges.
            case claude
            /// Tool-level challenges, `securitySchemes`, anonymous discovery.
            case openai
        }

        /// The profile name (handlers see it; logs and metrics are labelled with it).
        public var name: String
        /// The preset.
        public var preset: Preset
        /// The path on this server.
        public var path: String
        /// The canonical resource URI; the public origin + ``path`` when not set.
        public var resource: String?
        /// Authorization servers advertised in the metadata; the issuers when not set.
        public var authorizationServers: [String]?
        /// Scopes every operation needs.
        public var baseScopes: [String] = []
        /// Scopes asked for in a no-token challenge; all the backend's scopes when not set.
        public var advertisedScopes: [String]?
        /// Extra `scopes_supported` entries (for example `openid email profile` for ChatGPT).
        public var additionalScopes: [String] = []
        /// `resource_name` in the metadata.
        public var resourceName: String?
        /// `resource_documentation` in the metadata.
        public var resourceDocumentation: String?
        /// Whether the metadata is also served at the root well-known URL (the preset decides by default).
        public var servesRootMetadata: Bool?
        /// Transport settings (response mode, origins, limits).
        public var transport = StreamableHTTPConfiguration()
        /// The upstreams this endpoint serves, by name (`backend: upstreams`); `nil`: every upstream.
        public var upstreams: [String]?

        /// Creates an endpoint at `path` with a preset.
        public init(name: String, preset: Preset, path: String) {
            self.name = name
            self.preset = preset
            self.path = path
        }
    }
}
