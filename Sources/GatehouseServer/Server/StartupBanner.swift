import Foundation
/// What `gatehouse serve` prints once it listens: the endpoints, their metadata URLs, the operational routes and,
/// with the development issuer, commands that mint a token and call a tool — ready to paste.
public struct StartupBanner: Sendable {
    /// The configuration in force.
    public let configuration: GatehouseConfiguration
    /// How to invoke the `gatehouse` executable in the printed commands.
    public let command: String
    /// The scopes the printed `token mint` command asks for (the backend's).
    public let scopes: [String]
    /// Whether the development issuer's sign-in is served (the `gatehouse` executable adds it), so the banner says
    /// MCP clients can sign in.
    public var servesSignIn = false

    /// Creates the banner.
    public init(configuration: GatehouseConfiguration, command: String, scopes: [String] = []) {
        self.configuration = configuration
        self.command = command
        self.scopes = scopes
    }

    /// The text.
    public var text: String {
        let origin = configuration.server.origin
        var lines = ["Gatehouse \(GatehouseVersion.current) listening on \(listener)"]
        if configuration.server.publicURL != nil { lines.append("  public URL \(origin) (clients call this)") }
        for warning in configuration.warnings { lines.append("  WARNING: \(warning)") }
        for issuer in configuration.issuers {
            if case .development(let directory) = issuer.keys {
                lines.append(
                    "  DEVELOPMENT ISSUER \(issuer.issuer): its keys (\(directory)/) are public. Never use it in production."
                )
                if servesSignIn {
                    lines.append(
                        configuration.development.autoApprove
                            ? "  sign-in: MCP clients sign in at the development issuer, approved at once as developer"
                            : "  sign-in: MCP clients sign in at the development issuer (consent page in the browser; "
                                + "--dev-auto-approve skips it)")
                }
            } else {
                lines.append("  trusts \(issuer.issuer)")
            }
        }
        lines.append("endpoints:")
        for endpoint in configuration.endpoints {
            let resource = endpoint.resource ?? origin + endpoint.path
            let style =
                endpoint.preset == .claude ? "Claude-style: HTTP 401/403" : "OpenAI-style: tool-level challenges"
            lines.append("  \(endpoint.name)  \(resource)  (\(style))")
            lines.append("      metadata  \(origin)/.well-known/oauth-protected-resource\(endpoint.path)")
        }
        var operational: [String] = []
        if configuration.server.healthChecks { operational += ["\(origin)/healthz", "\(origin)/readyz"] }
        if configuration.metrics.enabled { operational.append(origin + configuration.metrics.path) }
        if !operational.isEmpty { lines.append("operations: " + operational.joined(separator: "  ")) }
        if let tryIt { lines.append(contentsOf: tryIt) }
        return lines.joined(separator: "\n")
    }

    /// The address the server is bound to, as a URL.
    var listener: String {
        let host =
            configuration.server.host.contains(":") ? "[\(configuration.server.host)]" : configuration.server.host
        return "http://\(host):\(configuration.server.port)"
    }

    /// `path` made absolute against the working directory, so a printed command works from anywhere.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `word` as one shell word: unchanged when every scalar is an ASCII letter, digit or one of `/._-+:@%=,`
    /// (checked per Unicode scalar: a character's first scalar can look like a letter while a later one is `;`),
    /// else in single quotes (a quote inside written `'\''`).
    public static func quoted(_ word: String) -> String {
        let safe = Set("/._-+:@%=,".unicodeScalars)
        let plain = word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || safe.contains(scalar))
        }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Paste-ready commands against the first endpoint, when the development issuer can mint for it.
    var tryIt: [String]? {
        guard
            let issuer = configuration.issuers.first(where: { if case .development = $0.keys { true } else { false } }),
            case .development(let directory) = issuer.keys, let endpoint = configuration.endpoints.first
        else { return nil }
        let resource = endpoint.resource ?? configuration.server.origin + endpoint.path
        // The example backend has a whoami tool; a gateway's tools are the upstreams', so list them instead.
        let gateway = configuration.backend == "upstreams"
        let (method, name) = gateway ? ("tools/list", nil) : ("tools/call", "whoami")
        let params = name.map { #"{"name":"\#($0)","arguments":{},"# } ?? "{"
        let body =
            #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)"#
            + #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","#
            + #""io.modelcontextprotocol/clientCapabilities":{}}}}"#
        return [
            gateway
                ? "try it (mint a development token, then list the upstream tools):"
                : "try it (mint a development token, then call the whoami tool):",
            "  TOKEN=$(\(Self.quoted(command)) token mint --keys \(Self.quoted(Self.absolute(directory))) "
                + "--issuer \(Self.quoted(issuer.issuer)) --audience \(Self.quoted(resource))"
                + scopes.map { " --scope \(Self.quoted($0))" }.joined() + ")",
            "  curl -s \(Self.quoted(resource)) -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' "
                + "-H 'Accept: application/json' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: \(method)' "
                + (name.map { "-H 'Mcp-Name: \($0)' " } ?? "") + "-d '\(body)'",
        ]
    }
}
