import GatehouseJSON
import ProtectedResource
import TokenVerification

/// `gatehouse doctor URL`: diagnoses any MCP server's authorization as an MCP client would meet it, step by step
/// (MCP basic/authorization, revisions 2025-06-18 and later; RFC 9728, RFC 8414, RFC 6750, RFC 8707, RFC 7636):
/// reachability and the unauthenticated challenge → protected-resource metadata at the header URL, the
/// path-inserted URL and the root, with the `resource` rule → authorization-server metadata (RFC 8414 and OIDC
/// forms), issuer match, PKCE, registration → with a token (given, or from client credentials): its claims
/// against what the server advertises, then initialize, tools/list and one tool call.
public struct Doctor: Sendable {
    let options: DoctorOptions

    /// Creates a doctor.
    public init(options: DoctorOptions) {
        self.options = options
    }

    /// Runs every check; never throws (a failure is a finding).
    public func run() async -> DoctorReport {
        let http = DoctorHTTP(timeout: options.timeout)
        var report = DoctorReport(url: options.url)
        await examine(http: http, report: &report)
        await http.shutdown()
        return report
    }

    /// What the discovery steps learned, for the later steps.
    struct Discovered {
        var challenge: AuthenticationChallenge?
        var openWithoutToken = false
        var metadata: JSONValue?
        var authorizationServer: JSONValue?
    }

    @discardableResult
    private func examine(http: DoctorHTTP, report: inout DoctorReport) async -> Discovered {
        var discovered = Discovered()
        guard let location = WellKnownLocation(resource: options.url), ResourceIdentifier(options.url) != nil else {
            report.add(
                "url", .fail, "\(options.url) is not an absolute http(s) URL",
                fix: "give the MCP endpoint's full URL, e.g. https://mcp.example.com/mcp")
            return discovered
        }
        guard await probe(http: http, report: &report, discovered: &discovered) else { return discovered }
        await discoverMetadata(http: http, location: location, report: &report, discovered: &discovered)
        await discoverAuthorizationServer(http: http, report: &report, discovered: &discovered)
        var token = options.token
        if token == nil, options.clientID != nil {
            token = await clientCredentialsToken(http: http, report: &report, discovered: discovered)
        }
        if let token {
            await inspect(token: token, http: http, report: &report, discovered: discovered)
        } else if !discovered.openWithoutToken {
            report.add(
                "token", .skip, "no token given: the MCP session checks need one",
                fix: "pass --token TOKEN, or --client-id/--client-secret for a client-credentials token")
            return discovered
        }
        await session(token: token, http: http, report: &report)
        return discovered
    }
}
