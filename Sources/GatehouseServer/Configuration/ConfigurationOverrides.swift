import Foundation
import MCPHTTP
import Yams

/// The settings that environment variables (`GATEHOUSE_SERVER_PORT=9090`) and command-line flags (`--port 9090`)
/// can override: the scalar keys of `server`, `logging`, `metrics` and `backend`. Lists (issuers, endpoints) live
/// in the file. An unknown `GATEHOUSE_…` variable is an error, like an unknown key.
enum ConfigurationOverrides {
    struct Setting: Sendable {
        let key: String
        let apply: @Sendable (ConfigNode, inout GatehouseConfiguration) throws(ConfigurationProblem) -> Void

        /// `server.public_url` → `GATEHOUSE_SERVER_PUBLIC_URL`.
        var environmentName: String {
            "GATEHOUSE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
        }
    }

    /// Variables of the build and test scripts, `gatehouse doctor`'s, and the configuration path itself; not
    /// settings.
    static let reservedEnvironment: Set<String> = [
        "GATEHOUSE_CONFIG", "GATEHOUSE_STRICT", "GATEHOUSE_FUZZ", "GATEHOUSE_DOCTOR_TOKEN",
        "GATEHOUSE_DOCTOR_CLIENT_SECRET",
    ]

    static let settings: [Setting] = [
        Setting(key: "server.host") { node, configuration throws(ConfigurationProblem) in
            configuration.server.host = try node.string()
        },
        Setting(key: "server.port") { node, configuration throws(ConfigurationProblem) in
            configuration.server.port = try node.integer(in: 0...65535)
        },
        Setting(key: "server.public_url") { node, configuration throws(ConfigurationProblem) in
            configuration.server.publicURL = try node.string()
        },
        Setting(key: "server.shutdown_grace_seconds") { node, configuration throws(ConfigurationProblem) in
            configuration.server.shutdownGraceSeconds = try node.seconds(in: 0...600)
        },
        Setting(key: "server.health_checks") { node, configuration throws(ConfigurationProblem) in
            configuration.server.healthChecks = try node.bool()
        },
        Setting(key: "server.instance_id") { node, configuration throws(ConfigurationProblem) in
            configuration.server.instanceID = try node.string()
        },
        Setting(key: "server.header_timeout_seconds") { node, configuration throws(ConfigurationProblem) in
            configuration.server.connections.headerTimeout = try node.seconds(in: 0.1...300)
        },
        Setting(key: "server.idle_timeout_seconds") { node, configuration throws(ConfigurationProblem) in
            configuration.server.connections.idleTimeout = try node.seconds(in: 0.1...3600)
        },
        Setting(key: "server.max_connections") { node, configuration throws(ConfigurationProblem) in
            configuration.server.connections.maximumConnections = try node.integer(in: 1...1_000_000)
        },
        Setting(key: "logging.level") { node, configuration throws(ConfigurationProblem) in
            configuration.logging.level = try ConfigurationLoader.level(node)
        },
        Setting(key: "logging.format") { node, configuration throws(ConfigurationProblem) in
            configuration.logging.format =
                GatehouseConfiguration.LogFormat(rawValue: try node.choice(["text", "json"])) ?? .text
        },
        Setting(key: "logging.auth_decisions") { node, configuration throws(ConfigurationProblem) in
            configuration.logging.authDecisions = try node.bool()
        },
        Setting(key: "logging.queue_lines") { node, configuration throws(ConfigurationProblem) in
            configuration.logging.queueLines = try node.integer(in: 100...1_000_000)
        },
        Setting(key: "logging.when_full") { node, configuration throws(ConfigurationProblem) in
            configuration.logging.whenFull = try ConfigurationLoader.whenFull(node)
        },
        Setting(key: "metrics.enabled") { node, configuration throws(ConfigurationProblem) in
            configuration.metrics.enabled = try node.bool()
        },
        Setting(key: "metrics.path") { node, configuration throws(ConfigurationProblem) in
            configuration.metrics.path = try node.string()
        },
        Setting(key: "development.auto_approve") { node, configuration throws(ConfigurationProblem) in
            configuration.development.autoApprove = try node.bool()
        },
        Setting(key: "backend") { node, configuration throws(ConfigurationProblem) in
            configuration.backend = try node.choice(["example", "upstreams"])
        },
    ]

    /// Applies every `GATEHOUSE_…` variable of `environment`.
    static func apply(
        environment: [String: String], to configuration: inout GatehouseConfiguration
    ) throws(ConfigurationProblem) {
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("GATEHOUSE_") {
            guard !reservedEnvironment.contains(name) else { continue }
            let setting = settings.first { $0.environmentName == name }
            if setting == nil && ServiceLinkVariables.contains(name: name, value: value) { continue }
            guard let setting else {
                throw ConfigurationProblem(
                    key: name,
                    fix: "unknown variable; settable: \(settings.map(\.environmentName).joined(separator: ", "))")
            }
            try setting.apply(ConfigNode(Node(value), path: name), &configuration)
        }
    }

    /// Applies command-line overrides keyed by setting (`server.port`).
    static func apply(flags: [String: String], to configuration: inout GatehouseConfiguration)
        throws(ConfigurationProblem)
    {
        for (key, value) in flags.sorted(by: { $0.key < $1.key }) {
            guard let setting = settings.first(where: { $0.key == key }) else {
                throw ConfigurationProblem(key: key, fix: "not an overridable setting")
            }
            try setting.apply(ConfigNode(Node(value), path: "--\(key)"), &configuration)
        }
    }
}
