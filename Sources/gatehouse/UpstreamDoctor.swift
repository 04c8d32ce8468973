import Foundation
import GatehouseDoctor
import GatehouseJSON
import GatehouseServer
import Logging
import MCPCore
import MCPGateway

/// `gatehouse doctor --upstreams FILE`: every upstream of a gateway configuration, reached as `gatehouse serve`
/// would reach it (its transport, its credentials) and compared with its rules: whether it answers, in which
/// revision, how many of its tools are served, and which names no rule mentions (not served — said so the operator
/// decides, since a new upstream tool is never served silently).
enum UpstreamDoctor {
    /// Checks every upstream of `configuration` once; the report's URL is `source`.
    static func report(_ configuration: GatehouseConfiguration, source: String) async -> DoctorReport {
        var report = DoctorReport(url: "upstreams of \(source)")
        guard !configuration.upstreams.isEmpty else {
            report.checks.append(
                DoctorCheck(
                    "upstreams", .fail, "\(source) lists no upstreams",
                    fix: "add an upstreams: section (docs/gateway.md), or run gatehouse doctor URL for an MCP server"))
            return report
        }
        var logger = Logger(label: "gatehouse.doctor")
        logger.logLevel = .critical  // the findings say what went wrong; the gateway's warnings would repeat it
        let gateway = GatewayBackend(upstreams: configuration.upstreams, logger: logger)
        await gateway.refresh()
        let snapshot = gateway.snapshot as? GatewaySnapshot
        for upstream in gateway.upstreams {
            report.checks.append(reach(upstream, served: snapshot?.toolCount(of: upstream.name) ?? 0))
            if let unnamed = unnamed(upstream) { report.checks.append(unnamed) }
        }
        await gateway.close()
        return report
    }

    /// Whether the upstream answered, and what it offered.
    static func reach(_ upstream: Upstream, served: Int) -> DoctorCheck {
        let id = "upstream.\(upstream.name)"
        guard let catalog = upstream.catalog, upstream.health.isHealthy else {
            let cause: String
            if case .unhealthy(_, let detail) = upstream.health { cause = detail } else { cause = "no answer" }
            return DoctorCheck(
                id, .fail, "\(transport(of: upstream)) did not answer: \(cause)",
                fix: "start the server, or correct upstreams.\(upstream.name) (url or command, credentials)")
        }
        let counts =
            "\(catalog.tools.count) tools (\(served) served), \(catalog.resources.count) resources, "
            + "\(catalog.templates.count) templates, \(catalog.prompts.count) prompts"
        return DoctorCheck(
            id, served == 0 ? .warn : .pass,
            "\(transport(of: upstream)) answered in \(catalog.server.version.rawValue): \(counts)",
            fix: served == 0 ? "no tool is served: add rules under upstreams.\(upstream.name).tools" : nil)
    }

    /// The names the upstream lists that no rule mentions (so they are not served), if any.
    static func unnamed(_ upstream: Upstream) -> DoctorCheck? {
        guard let catalog = upstream.catalog else { return nil }
        let rules = upstream.configuration
        func names(_ list: [JSONValue], key: String, _ rules: AccessRules) -> [String] {
            list.compactMap { $0[key]?.stringValue }.filter { rules.rule(for: $0) == nil }
        }
        let kinds = [
            ("tools", names(catalog.tools, key: "name", rules.tools)),
            ("prompts", names(catalog.prompts, key: "name", rules.prompts)),
            ("resources", names(catalog.resources, key: "uri", rules.resources)),
            ("resource templates", names(catalog.templates, key: "uriTemplate", rules.resources)),
        ].filter { !$0.1.isEmpty }
        guard !kinds.isEmpty else { return nil }
        let listed = kinds.map { kind, names in
            "\(kind): " + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? " (+\(names.count - 10))" : "")
        }
        return DoctorCheck(
            "upstream.\(upstream.name).unnamed", .warn,
            "not served, no rule names them — " + listed.joined(separator: "; "),
            fix: "add a rule (scopes, [] or noauth) to serve one, or deny to say it stays hidden")
    }

    static func transport(of upstream: Upstream) -> String {
        switch upstream.configuration.transport {
        case .http(let url): "\(url.absoluteString)"
        case .stdio(let command): "\(command.executable) (stdio)"
        }
    }
}
