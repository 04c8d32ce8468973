import ArgumentParser
import Foundation
import GatehouseExample
import GatehouseServer
import Logging
import MCPCore
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
        let format = configuration.logging.format
        let level = configuration.logging.level
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let metrics = configuration.metrics.enabled ? GatehouseMetrics() : nil
        if let metrics { MetricsSystem.bootstrap(metrics.metricsFactory) }
        let logger = Logger(label: "gatehouse")
        for warning in configuration.warnings { logger.warning("\(warning)") }
        let backend = ExampleBackend.make()
        let server: GatehouseServer
        do {
            server = try GatehouseServer(
                configuration: configuration, backend: backend, logger: logger, metrics: metrics)
        } catch {
            throw Self.fail("configuration error: \(error)", status: 78)
        }
        let banner = StartupBanner(
            configuration: configuration, command: Self.invocation, scopes: backend.snapshot.allScopes
        ).text
        do {
            try await server.run {
                FileHandle.standardOutput.write(Data((banner + "\n").utf8))
            }
        } catch let failure as StartupFailure {
            throw Self.fail("cannot start: \(failure)", status: 1)
        }
    }

    /// Prints one line naming what failed and what to do, and returns the exit code to throw.
    static func fail(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("gatehouse: \(message)\n".utf8))
        return ExitCode(status)
    }

    /// How this executable was started, for the printed commands.
    static var invocation: String {
        let path = CommandLine.arguments.first ?? "gatehouse"
        return path.contains("/") ? path : "gatehouse"
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

    @Option(help: "trace, debug, info, notice, warning, error or critical (logging.level).")
    var logLevel: String?

    @Option(help: "text or json (logging.format).")
    var logFormat: String?

    /// Loads the configuration with the overrides applied; a problem exits with status 78 (EX_CONFIG).
    func load() throws -> GatehouseConfiguration {
        var flags: [String: String] = [:]
        flags["server.host"] = host
        flags["server.port"] = port
        flags["server.public_url"] = publicURL
        flags["logging.level"] = logLevel
        flags["logging.format"] = logFormat
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
            return configuration
        } catch {
            throw ServeCommand.fail("configuration error: \(error)", status: 78)
        }
    }
}
