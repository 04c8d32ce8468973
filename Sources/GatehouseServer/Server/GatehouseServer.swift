public import GatehouseJSON
public import Hummingbird
public import Logging
public import MCPCore
import MCPGateway
import MCPHTTP
import NIOCore
public import AsyncHTTPClient
import ServiceLifecycle
import Tracing
import UnixSignals
public import TokenVerification

/// A Gatehouse server built from a ``GatehouseConfiguration`` and a tool backend: the per-client MCP endpoints,
/// their RFC 9728 metadata, health and metrics routes, the development issuer's keys when configured, and the
/// background work (key refresh, session sweeping, metric sampling).
///
/// ```swift
/// let configuration = try ConfigurationLoader.load(path: "gatehouse.yaml")
/// let server = try GatehouseServer(configuration: configuration, backend: myBackend)
/// try await server.run()
/// ```
///
/// `run()` stops gracefully on SIGTERM or SIGINT: it stops accepting connections, closes open SSE streams (clients
/// resume with `Last-Event-ID`), lets in-flight requests finish for up to `server.shutdown_grace_seconds`, then
/// cancels what is left.
public struct GatehouseServer {
    /// The configuration in force.
    public let configuration: GatehouseConfiguration
    /// The routes.
    public let router: Router<BasicRequestContext>
    /// The metrics, when enabled.
    public let metrics: GatehouseMetrics?
    let runtime: ServerRuntime
    let logger: Logger

    /// Builds the server. Nothing listens until ``run()``.
    /// - Parameters:
    ///   - configuration: the configuration.
    ///   - backend: what the endpoints serve.
    ///   - logger: the server's logger.
    ///   - metrics: the metrics (created when enabled and not given).
    ///   - httpClient: the one client the JWKS fetcher and introspection use (it must not follow redirects; the
    ///     default ``TokenVerification/AsyncHTTPClient/HTTPClient/gatehouse`` does not). The caller owns it.
    ///   - logWriter: when given, the auth-decision events are queued on it (formatted on its thread) instead of
    ///     going through `logger`, and its dropped records are counted in the metrics.
    ///   - developmentIssuerMetadata: RFC 8414 members added to the development issuer's metadata: the endpoints of
    ///     its sign-in (`DevelopmentAuthorization`, which adds its own routes to ``router``). Without them the
    ///     development issuer only publishes its keys.
    /// - Throws: ``ConfigurationProblem`` when an issuer's keys or an endpoint cannot be set up.
    public init(
        configuration: GatehouseConfiguration, backend: any MCPBackend, logger: Logger = Logger(label: "gatehouse"),
        metrics: GatehouseMetrics? = nil, httpClient: HTTPClient = .gatehouse, logWriter: LogWriter? = nil,
        developmentIssuerMetadata: [String: JSONValue] = [:]
    ) throws(ConfigurationProblem) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = configuration.metrics.enabled ? (metrics ?? GatehouseMetrics()) : nil
        let issuers = try TrustedIssuers(configuration.issuers, httpClient: httpClient)
        let cache = VerifiedTokenCache()
        let verifier = AccessTokenVerifier(registry: issuers.registry, cache: cache, logger: logger)
        let dispatcher = MCPDispatcher(
            backend: backend,
            configuration: MCPServerConfiguration(name: "gatehouse", version: GatehouseVersion.current)
        )
        let observer = RequestObservers(
            log: configuration.logging.authDecisions
                ? logWriter.map { AuthDecisionLog(writer: $0, level: configuration.logging.level) }
                    ?? AuthDecisionLog(logger: logger) : nil,
            metrics: self.metrics)
        let router = Router()
        // Spans per request when a tracer is bootstrapped before the server is built (swift-distributed-tracing;
        // docs/observability.md); without one the middleware would only make no-op spans on every request. A token
        // in the query string is refused later, but must never reach a span attribute.
        if !(InstrumentationSystem.tracer is NoOpTracer) {
            router.add(middleware: TracingMiddleware(redactingQueryParameters: ["access_token"]))
        }
        var endpoints: [(GatehouseConfiguration.EndpointSettings, StreamableHTTPEndpoint)] = []
        var dispatchers: [[String]: MCPDispatcher] = [:]
        for (index, settings) in configuration.endpoints.enumerated() {
            let profile = Self.profile(settings, configuration: configuration, observer: observer)
            let served = try Self.dispatcher(
                for: settings, at: index, serving: backend, otherwise: dispatcher, made: &dispatchers)
            do {
                endpoints.append((settings, try router.addMCPEndpoint(profile, dispatcher: served, verifier: verifier)))
            } catch {
                throw ConfigurationProblem(key: "endpoints[\(index)]", fix: error.message)
            }
        }
        runtime = ServerRuntime(
            endpoints: endpoints.map { ($0.0.name, $0.1) }, issuers: issuers, cache: cache,
            metrics: self.metrics, gateway: backend as? GatewayBackend, logWriter: logWriter)
        self.router = router
        var scopes = configuration.endpoints.flatMap(\.baseScopes)
        for scope in backend.snapshot.allScopes where !scopes.contains(scope) { scopes.append(scope) }
        addOperationalRoutes(scopes: scopes, developmentIssuerMetadata: developmentIssuerMetadata)
    }

    /// Loads what start-up loads from disk — JWK Set files, development keys, shared secrets — without listening or
    /// fetching anything, so `gatehouse config check` finds a missing key folder or file as `serve` would.
    /// - Throws: ``ConfigurationProblem`` naming the key, the path and the fix.
    public static func check(_ configuration: GatehouseConfiguration) throws(ConfigurationProblem) {
        _ = try TrustedIssuers(configuration.issuers, httpClient: .gatehouse)
    }

    /// The dispatcher of an endpoint: the server's, or — for an endpoint naming `upstreams` — one over a
    /// ``MCPGateway/GatewayView`` of those upstreams, shared by the endpoints naming the same ones.
    static func dispatcher(
        for settings: GatehouseConfiguration.EndpointSettings, at index: Int, serving backend: any MCPBackend,
        otherwise shared: MCPDispatcher, made: inout [[String]: MCPDispatcher]
    ) throws(ConfigurationProblem) -> MCPDispatcher {
        guard let names = settings.upstreams else { return shared }
        if let existing = made[names] { return existing }
        guard let view = (backend as? GatewayBackend)?.view(serving: names) else {
            throw ConfigurationProblem(
                key: "endpoints[\(index)].upstreams", value: names.joined(separator: ", "),
                fix: "the server's backend has no such upstreams (backend: upstreams serves them)")
        }
        let dispatcher = MCPDispatcher(backend: view, configuration: shared.configuration)
        made[names] = dispatcher
        return dispatcher
    }

    /// The endpoint profile of `settings`.
    static func profile(
        _ settings: GatehouseConfiguration.EndpointSettings, configuration: GatehouseConfiguration,
        observer: RequestObservers
    ) -> EndpointProfile {
        let resource = configuration.resource(of: settings)
        let servers = settings.authorizationServers ?? configuration.issuers.map(\.issuer)
        var profile =
            settings.preset == .claude
            ? EndpointProfile.claude(resource: resource, authorizationServers: servers)
            : EndpointProfile.openAI(resource: resource, authorizationServers: servers)
        profile.name = settings.name
        profile.baseScopes = settings.baseScopes
        profile.advertisedScopes = settings.advertisedScopes
        profile.additionalScopes = settings.additionalScopes
        profile.resourceName = settings.resourceName
        profile.resourceDocumentation = settings.resourceDocumentation
        if let root = settings.servesRootMetadata { profile.servesRootMetadata = root }
        profile.transport = settings.transport
        profile.transport.instanceID = configuration.server.instanceID
        profile.transport.observer = observer.isEmpty ? nil : observer
        return profile
    }

    /// The Hummingbird application (bound per `server.host`/`server.port`), with the background services.
    /// `onRunning` is called once the listener is up.
    /// Connections are bounded as `server.header_timeout_seconds`, `server.idle_timeout_seconds` and
    /// `server.max_connections` say (docs/security.md, "Connections").
    public func application(onRunning: @escaping @Sendable () async -> Void = {}) -> some ApplicationProtocol {
        let connections = configuration.server.connections
        return Application(
            router: router,
            server: connections.server,
            configuration: .init(
                address: .hostname(configuration.server.host, port: configuration.server.port),
                serverName: nil, availableConnectionsDelegate: connections.limit(logger: logger)),
            services: [RemoteKeySetRefreshService(keySets: runtime.issuers.remoteKeySets.map(\.keySet))],
            onServerRunning: { _ in await onRunning() },
            logger: logger
        )
    }

    /// Runs until SIGTERM/SIGINT, then shuts down gracefully (see the type's documentation). SIGHUP is ignored
    /// (logged).
    /// - Throws: ``StartupFailure`` when the listener cannot be opened (port in use, no permission, not a local
    ///   address).
    public func run(onRunning: @escaping @Sendable () async -> Void = {}) async throws {
        do {
            try await serve(onRunning: onRunning)
        } catch {
            throw StartupFailure.listening(error, host: configuration.server.host, port: configuration.server.port)
                ?? error
        }
    }

    private func serve(onRunning: @escaping @Sendable () async -> Void) async throws {
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: application(onRunning: onRunning)),
                .init(service: MaintenanceService(runtime: runtime)),
                .init(service: HangUpNotice(logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        group.maximumGracefulShutdownDuration = .milliseconds(Int(configuration.server.shutdownGraceSeconds * 1000))
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
    }

}
