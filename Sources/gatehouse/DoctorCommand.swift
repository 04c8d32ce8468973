import ArgumentParser
import Foundation
import GatehouseDoctor
import GatehouseJSON
import GatehouseServer

/// `gatehouse doctor URL`: diagnoses an MCP server's authorization (ours or anyone's).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Diagnose an MCP server's authorization as a client meets it.",
        discussion: """
            Checks reachability and the 401 challenge, protected-resource metadata (header URL, path-inserted, \
            root; the resource rule), the authorization server's metadata (issuer, PKCE, registration), and with \
            a token (--token, or --client-id/--client-secret for client credentials) its claims, signature, and \
            an MCP session: initialize, tools/list, one read-only tool call. With --upstreams FILE instead of a URL: \
            every upstream of a gateway configuration, reached as gatehouse serve would, and the names no rule \
            serves. Exit status 1 when a check fails.
            """
    )

    @Argument(help: "The MCP endpoint URL, e.g. https://mcp.example.com/mcp")
    var url: String?

    @Option(help: "A gateway configuration file: check its upstreams instead of a URL.")
    var upstreams: String?

    @Option(help: "An access token to try (or set GATEHOUSE_DOCTOR_TOKEN). Never printed.")
    var token: String?

    @Option(help: "Client id for a client-credentials token.")
    var clientID: String?

    @Option(help: "Client secret (or set GATEHOUSE_DOCTOR_CLIENT_SECRET).")
    var clientSecret: String?

    @Option(help: "With client credentials: the issuer they belong to. The secret is sent only if the server names it.")
    var issuer: String?

    @Option(name: .customLong("scope"), help: "A scope to request with client credentials. Repeatable.")
    var scopes: [String] = []

    @Option(help: "The tool to call (default: the first read-only tool without arguments).")
    var tool: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard (url == nil) != (upstreams == nil) else {
            throw ValidationError("give either the MCP endpoint URL or --upstreams FILE (a gateway configuration)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url else {
            let file = upstreams ?? ""
            let configuration: GatehouseConfiguration
            do {
                configuration = try ConfigurationLoader.load(path: file, environment: environment, overrides: [:])
            } catch {
                // The loader names the file by serve's flag; here it came from --upstreams.
                let problem =
                    error.key == "--config"
                    ? ConfigurationProblem(key: "--upstreams", value: file, fix: error.fix) : error
                throw ServeCommand.fail("configuration error: \(problem)", status: 78)
            }
            let report = await UpstreamDoctor.report(configuration, source: file)
            print(json ? JSONWriter.prettyPrinted(report.json) : report.text)
            if !report.succeeded { throw ExitCode(1) }
            return
        }
        var options = DoctorOptions(url: url)
        options.token = token ?? environment["GATEHOUSE_DOCTOR_TOKEN"]
        options.clientID = clientID
        options.clientSecret = clientSecret ?? environment["GATEHOUSE_DOCTOR_CLIENT_SECRET"]
        options.issuer = issuer
        options.scopes = scopes
        options.tool = tool
        let report = await Doctor(options: options).run()
        print(json ? JSONWriter.prettyPrinted(report.json) : report.text)
        if !report.succeeded { throw ExitCode(1) }
    }
}
