import Foundation
import MCPHTTP
import Logging
import Yams

/// Reads a ``GatehouseConfiguration`` from YAML, then applies `GATEHOUSE_…` environment variables and command-line
/// overrides (in that order), then validates the whole. Every problem names its key (see ``ConfigurationProblem``).
///
/// Unknown keys are errors, never ignored: a typo such as `leway` must not silently leave the default in force.
public enum ConfigurationLoader {
    /// The top-level keys.
    static let topLevelKeys = [
        "server", "logging", "metrics", "backend", "upstreams", "issuers", "endpoints", "development",
    ]

    /// Loads `path`, or the embedded development default when `path` is `nil`; `environment` defaults to the
    /// process environment.
    public static func load(
        path: String?, environment: [String: String]? = nil, overrides: [String: String] = [:]
    ) throws(ConfigurationProblem) -> GatehouseConfiguration {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let path else {
            // Overrides first: the development issuer's identifier follows the (possibly overridden) origin.
            var configuration = GatehouseConfiguration()
            try ConfigurationOverrides.apply(environment: environment, to: &configuration)
            try ConfigurationOverrides.apply(flags: overrides, to: &configuration)
            configuration = EmbeddedDefault.configuration(configuration)
            try ConfigurationValidation.validate(configuration)
            return configuration
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationProblem(
                key: "--config", value: path, fix: "the file cannot be read (missing, or not UTF-8)")
        }
        return try load(yaml: text, environment: environment, overrides: overrides)
    }

    /// Loads a YAML document.
    public static func load(
        yaml: String, environment: [String: String] = [:], overrides: [String: String] = [:]
    ) throws(ConfigurationProblem) -> GatehouseConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationProblem(key: "(file)", fix: "not valid YAML: \(Self.yamlProblem(error))")
        }
        guard let root else { throw ConfigurationProblem(key: "(file)", fix: "the file is empty") }
        var configuration = GatehouseConfiguration()
        let members = try ConfigNode(root, path: "").mapping(allowed: topLevelKeys)
        if let server = members["server"] { configuration.server = try readServer(server) }
        if let logging = members["logging"] { configuration.logging = try readLogging(logging) }
        if let metrics = members["metrics"] { configuration.metrics = try readMetrics(metrics) }
        if let development = members["development"] {
            let settings = try development.mapping(allowed: ["auto_approve"])
            if let value = settings["auto_approve"] { configuration.development.autoApprove = try value.bool() }
        }
        if let upstreams = members["upstreams"] {
            configuration.upstreams = try readUpstreams(upstreams, environment: environment)
            configuration.backend = "upstreams"
        }
        if let backend = members["backend"] { configuration.backend = try backend.choice(["example", "upstreams"]) }
        guard let issuers = members["issuers"] else {
            throw ConfigurationProblem(
                key: "issuers", fix: "required: list the authorization servers whose tokens are trusted")
        }
        for issuer in try issuers.sequence() {
            configuration.issuers.append(try readIssuer(issuer, environment: environment))
        }
        if let endpoints = members["endpoints"] {
            for endpoint in try endpoints.sequence() { configuration.endpoints.append(try readEndpoint(endpoint)) }
        } else {
            configuration.endpoints = EmbeddedDefault.endpoints
        }
        return try finish(configuration, environment: environment, overrides: overrides)
    }

    private static func finish(
        _ configuration: GatehouseConfiguration, environment: [String: String], overrides: [String: String]
    ) throws(ConfigurationProblem) -> GatehouseConfiguration {
        var configuration = configuration
        try ConfigurationOverrides.apply(environment: environment, to: &configuration)
        try ConfigurationOverrides.apply(flags: overrides, to: &configuration)
        try ConfigurationValidation.validate(configuration)
        return configuration
    }

    static func readServer(_ node: ConfigNode) throws(ConfigurationProblem) -> GatehouseConfiguration.ServerSettings {
        var server = GatehouseConfiguration.ServerSettings()
        let members = try node.mapping(allowed: [
            "host", "port", "public_url", "shutdown_grace_seconds", "health_checks", "instance_id",
            "header_timeout_seconds", "idle_timeout_seconds", "max_connections",
        ])
        if let value = members["host"] { server.host = try value.string() }
        if let value = members["port"] { server.port = try value.integer(in: 0...65535) }
        if let value = members["public_url"] { server.publicURL = try value.string() }
        if let value = members["shutdown_grace_seconds"] {
            server.shutdownGraceSeconds = try value.seconds(in: 0...600)
        }
        if let value = members["health_checks"] { server.healthChecks = try value.bool() }
        if let value = members["instance_id"] { server.instanceID = try value.string() }
        if let value = members["header_timeout_seconds"] {
            server.connections.headerTimeout = try value.seconds(in: 0.1...300)
        }
        if let value = members["idle_timeout_seconds"] {
            server.connections.idleTimeout = try value.seconds(in: 0.1...3600)
        }
        if let value = members["max_connections"] {
            server.connections.maximumConnections = try value.integer(in: 1...1_000_000)
        }
        return server
    }

    static func readLogging(_ node: ConfigNode) throws(ConfigurationProblem) -> GatehouseConfiguration.LoggingSettings {
        var logging = GatehouseConfiguration.LoggingSettings()
        let members = try node.mapping(allowed: ["level", "format", "auth_decisions", "queue_lines", "when_full"])
        if let value = members["level"] { logging.level = try level(value) }
        if let value = members["format"] {
            logging.format = GatehouseConfiguration.LogFormat(rawValue: try value.choice(["text", "json"])) ?? .text
        }
        if let value = members["auth_decisions"] { logging.authDecisions = try value.bool() }
        if let value = members["queue_lines"] { logging.queueLines = try value.integer(in: 100...1_000_000) }
        if let value = members["when_full"] { logging.whenFull = try whenFull(value) }
        return logging
    }

    static func whenFull(_ node: ConfigNode) throws(ConfigurationProblem) -> LogWriter.Settings.WhenFull {
        LogWriter.Settings.WhenFull(rawValue: try node.choice(LogWriter.Settings.WhenFull.allCases.map(\.rawValue)))
            ?? .drop
    }

    static func level(_ node: ConfigNode) throws(ConfigurationProblem) -> Logger.Level {
        let name = try node.choice(Logger.Level.allCases.map(\.rawValue))
        return Logger.Level(rawValue: name) ?? .info
    }

    static func readMetrics(_ node: ConfigNode) throws(ConfigurationProblem) -> GatehouseConfiguration.MetricsSettings {
        var metrics = GatehouseConfiguration.MetricsSettings()
        let members = try node.mapping(allowed: ["enabled", "path"])
        if let value = members["enabled"] { metrics.enabled = try value.bool() }
        if let value = members["path"] { metrics.path = try value.string() }
        return metrics
    }

    /// The first line of a Yams error, without the document snippet (which could echo file content).
    static func yamlProblem(_ error: any Error) -> String {
        String(String(describing: error).split(separator: "\n").first ?? "unreadable")
    }
}
