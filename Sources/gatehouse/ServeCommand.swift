import ArgumentParser
import DevelopmentAuthorization
import Foundation
import GatehouseExample
import GatehouseServer
import Logging
import MCPCore
import MCPGateway
import Metrics

/// `gatehouse serve`: runs the server from a configuration file, or on the embedded development default.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the MCP server (the embedded development default without --config).",
        discussion: """
            Without a configuration file (--config or GATEHOUSE_CONFIG) the server listens on 127.0.0.1:8080 with \
            the development issuer (keys in Keys/, public: never for production), both endpoint presets and the \
            example tools. Flags override the file and GATEHOUSE_… variables. SIGTERM/SIGINT shut down gracefully.
            """
    )

    @OptionGroup var overrides: ServerOverrides

    func run() async throws {
        let configuration = try overrides.load()
        // A log reader that goes away must not kill the server with SIGPIPE: the writer counts what it cannot write.
        signal(SIGPIPE, SIG_IGN)
        let writer = LogWriter(settings: configuration.logging.writerSettings)
        // Everything queued is written before the process exits, and before a failure's own line.
        defer { writer.flush() }
        let level = configuration.logging.level
        LoggingSystem.bootstrap { label in GatehouseLogHandler(label: label, writer: writer, level: level) }
        let metrics = configuration.metrics.enabled ? GatehouseMetrics() : nil
        if let metrics { MetricsSystem.bootstrap(metrics.metricsFactory) }
        let logger = Logger(label: "gatehouse")
        for warning in configuration.warnings { logger.warning("\(warning)") }
        let gateway = await Self.gateway(configuration, logger: logger)
        let backend: any MCPBackend = gateway ?? ExampleBackend.make()
        var scopes = backend.snapshot.allScopes
        for scope in gateway?.configuredScopes ?? [] where !scopes.contains(scope) { scopes.append(scope) }
        let server: GatehouseServer
        let signIn: DevelopmentAuthorizationServer?
        do {
            signIn = try DevelopmentSignIn.server(for: configuration, scopes: scopes)
            server = try GatehouseServer(
                configuration: configuration, backend: backend, logger: logger, metrics: metrics, logWriter: writer,
                developmentIssuerMetadata: signIn?.metadata ?? [:])
            signIn?.addRoutes(to: server.router)
        } catch {
            writer.flush()
            throw Self.fail("configuration error: \(error)", status: 78)
        }
        var startup = StartupBanner(configuration: configuration, command: Self.invocation, scopes: scopes)
        startup.servesSignIn = signIn != nil
        let banner = startup.text
        // The gateway's refreshes run beside the server; when it stops, upstream sessions end and stdio servers stop.
        let refreshes = Task { await gateway?.run() }
        do {
            try await server.run {
                FileHandle.standardOutput.write(Data((banner + "\n").utf8))
            }
        } catch let failure as StartupFailure {
            refreshes.cancel()
            await refreshes.value
            writer.flush()
            throw Self.fail("cannot start: \(failure)", status: 1)
        }
        refreshes.cancel()
        await refreshes.value
    }

    /// The gateway backend when `backend` is `upstreams`, with every upstream's lists fetched once (an upstream that
    /// is down is logged and retried on its refresh interval; the server starts anyway).
    static func gateway(_ configuration: GatehouseConfiguration, logger: Logger) async -> GatewayBackend? {
        guard configuration.backend == "upstreams" else { return nil }
        let gateway = GatewayBackend(upstreams: configuration.upstreams, logger: logger)
        await gateway.refresh()
        for upstream in gateway.upstreams {
            let served = (gateway.snapshot as? GatewaySnapshot)?.toolCount(of: upstream.name) ?? 0
            let listed = upstream.catalog?.tools.count ?? 0
            if upstream.health.isHealthy {
                logger.info(
                    "upstream ready",
                    metadata: [
                        "upstream": "\(upstream.name)", "version": "\(upstream.catalog?.server.version.rawValue ?? "")",
                        "tools_served": "\(served)", "tools_listed": "\(listed)",
                    ])
            } else {
                logger.warning(
                    "upstream not reachable at start-up; retried every refresh interval",
                    metadata: ["upstream": "\(upstream.name)", "health": "\(upstream.health)"])
            }
        }
        return gateway
    }

    /// Prints one line naming what failed and what to do, and returns the exit code to throw.
    static func fail(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("gatehouse: \(message)\n".utf8))
        return ExitCode(status)
    }

    /// How this executable was started, for the printed commands: an absolute path when it was started by a
    /// path, so the commands work from another terminal and directory; `gatehouse` when found on `PATH`.
    static var invocation: String {
        let path = CommandLine.arguments.first ?? "gatehouse"
        guard path.contains("/") else { return "gatehouse" }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// The configuration file and the settings a flag can override.
struct ServerOverrides: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: "The YAML configuration file (default: $GATEHOUSE_CONFIG, else the embedded default).")
    var path: String?

    @Option(help: "Address to bind (server.host).")
    var host: String?

    @Option(help: "TCP port (server.port).")
    var port: String?

    @Option(help: "Externally visible origin, e.g. https://mcp.example.com (server.public_url).")
    var publicURL: String?

    @Option(help: "The development key folder of the embedded default (default: Keys/ in the working directory).")
    var keys: String?

    @Flag(
        help: "Approve every sign-in at the development issuer without its consent page (development.auto_approve).")
    var devAutoApprove = false

    @Option(help: "trace, debug, info, notice, warning, error or critical (logging.level).")
    var logLevel: String?

    @Option(help: "text or json (logging.format).")
    var logFormat: String?

    @Option(help: "Serve this MCP server's tools (a Streamable HTTP URL) to any caller with a token of the endpoint.")
    var upstream: String?

    @Option(help: "Serve this stdio MCP server's tools (a command line, no shell), as --upstream does.")
    var upstreamCommand: String?

    /// Loads the configuration with the overrides applied; a problem exits with status 78 (EX_CONFIG).
    func load() throws -> GatehouseConfiguration {
        var flags: [String: String] = [:]
        flags["server.host"] = host
        flags["server.port"] = port
        flags["server.public_url"] = publicURL
        flags["logging.level"] = logLevel
        flags["logging.format"] = logFormat
        if devAutoApprove { flags["development.auto_approve"] = "true" }
        let environment = ProcessInfo.processInfo.environment
        let file = path ?? environment["GATEHOUSE_CONFIG"]
        if keys != nil, let file {
            throw ServeCommand.fail(
                "--keys is for the embedded default; \(file) names its key folders (development_keys)", status: 78)
        }
        do {
            var configuration = try ConfigurationLoader.load(path: file, environment: environment, overrides: flags)
            if let keys {
                for index in configuration.issuers.indices {
                    if case .development = configuration.issuers[index].keys {
                        configuration.issuers[index].keys = .development(directory: keys)
                    }
                }
            }
            if let upstream = try oneLineUpstream() {
                guard configuration.upstreams.isEmpty else {
                    throw ConfigurationProblem(
                        key: "--upstream", fix: "the configuration file already lists upstreams; add it there")
                }
                configuration.upstreams = [upstream]
                configuration.backend = "upstreams"
            }
            return configuration
        } catch {
            throw ServeCommand.fail("configuration error: \(error)", status: 78)
        }
    }

    /// The upstream of `--upstream` or `--upstream-command`: every tool, resource and prompt, for any token of the
    /// endpoint (no per-tool scopes; write `upstreams:` in a file for those).
    func oneLineUpstream() throws(ConfigurationProblem) -> UpstreamConfiguration? {
        let transport: UpstreamConfiguration.Transport
        switch (upstream, upstreamCommand) {
        case (nil, nil):
            return nil
        case (let url?, nil):
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host?.isEmpty == false
            else {
                throw ConfigurationProblem(
                    key: "--upstream", value: url, fix: "an http:// or https:// MCP endpoint URL")
            }
            transport = .http(parsed)
        case (nil, let line?):
            guard let command = UpstreamCommand(commandLine: line) else {
                throw ConfigurationProblem(
                    key: "--upstream-command", value: line, fix: "a command line (unterminated quote or trailing \\?)")
            }
            transport = .stdio(command)
        default:
            throw ConfigurationProblem(key: "--upstream", fix: "give --upstream or --upstream-command, not both")
        }
        return UpstreamConfiguration(
            name: "upstream", transport: transport, tools: .everyoneWithAToken, resources: .everyoneWithAToken,
            prompts: .everyoneWithAToken)
    }
}
