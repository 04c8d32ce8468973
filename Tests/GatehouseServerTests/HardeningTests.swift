import Foundation
import GatehouseJSON
import GatehouseServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPHTTP
import Testing

/// Regression tests for the red-team findings on the shipped server (issue #12): each reproduces the attack.
@Suite("Hardening: the shipped server against the red-team findings")
struct HardeningTests {
    typealias Support = ServerTestSupport
    static let session = HTTPField.Name("Mcp-Session-Id")!

    /// Opens a 2025-03-26 session on `/mcp/claude` with `token`.
    static func openSession(_ client: some TestClientProtocol, token: String) async throws -> String {
        let body = ByteBuffer(
            string: #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-03-26","#
                + #""capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        return try await client.execute(
            uri: "/mcp/claude", method: .post, headers: legacyHeaders(nil, token: token), body: body
        ) { response in
            #expect(response.status == .ok)
            return try #require(response.headers[session])
        }
    }

    static func legacyHeaders(_ id: String?, token: String) -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: "application/json", .accept: "application/json, text/event-stream",
            .authorization: "Bearer \(token)",
        ]
        if let id { headers[session] = id }
        return headers
    }

    @Test("a batch with one element the token may not run is refused whole: nothing runs, every scope is named")
    func batchIsDecidedBeforeAnythingRuns() async throws {
        let writer = try Support.token(scopes: ["notes.write"])
        let full = try Support.token()
        try await Support.withServer { server in
            try await Application(router: server.router).test(.router) { client in
                let id = try await Self.openSession(client, token: writer)
                let batch = ByteBuffer(
                    string: #"[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_note","#
                        + #""arguments":{"text":"smuggled"}}},"#
                        + #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_notes"}}]"#)
                try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: Self.legacyHeaders(id, token: writer), body: batch
                ) { response in
                    #expect(response.status == .forbidden)
                    let challenge = try #require(response.headers[.wwwAuthenticate])
                    #expect(challenge.contains(#"scope="notes.write notes.read""#))
                }
                try await Support.callTool(client, "/mcp/claude", "list_notes", token: full) { response in
                    let notes = try Support.json(response)["result"]?["structuredContent"]?["notes"]
                    #expect(notes == [])
                }
            }
        }
    }

    @Test("base_scopes are in the no-token challenge and in scopes_supported")
    func baseScopesAreAdvertised() async throws {
        var configuration = try Support.configuration()
        configuration.endpoints[0].baseScopes = ["mcp.access"]
        try await Support.withServer(configuration) { server in
            try await Application(router: server.router).test(.router) { client in
                try await Support.callTool(client, "/mcp/claude", "whoami") { response in
                    #expect(response.status == .unauthorized)
                    let challenge = try #require(response.headers[.wwwAuthenticate])
                    #expect(challenge.contains(#"scope="mcp.access notes.read notes.write""#))
                }
                try await client.execute(uri: "/.well-known/oauth-protected-resource/mcp/claude", method: .get) {
                    response in
                    let supported = try Support.json(response)["scopes_supported"]?.arrayValue ?? []
                    #expect(supported.contains("mcp.access"))
                }
            }
        }
    }

    @Test("development keys are refused behind a public URL that is not loopback")
    func developmentKeysBehindAProxy() throws {
        #expect(throws: ConfigurationProblem.self) {
            try ConfigurationLoader.load(
                path: nil, environment: [:], overrides: ["server.public_url": "https://mcp.example.com"])
        }
        let local = try ConfigurationLoader.load(
            path: nil, environment: [:], overrides: ["server.public_url": "http://localhost:8080"])
        #expect(local.server.publicURL == "http://localhost:8080")
    }

    @Test("development keys are refused when an endpoint's resource names a public host")
    func developmentKeysBehindAPublicResource() throws {
        do {
            _ = try ConfigurationLoader.load(
                yaml: """
                    issuers:
                      - issuer: http://127.0.0.1:8080/dev-issuer
                        development_keys: Keys
                    endpoints:
                      - preset: claude
                        resource: https://mcp.example.com/mcp/claude
                    """)
            Issue.record("development keys with a public resource were accepted")
        } catch {
            #expect(error.key == "issuers[0].development_keys")
            #expect(error.fix.contains("endpoints[0].resource must be loopback"))
        }
    }

    static func hmacIssuer(secretVariable: String, algorithms: String) -> String {
        """
        issuers:
          - issuer: https://id.example.com
            shared_secret_env: \(secretVariable)
            algorithms: [\(algorithms)]
        """
    }

    @Test("an HMAC secret shorter than the hash is refused at start-up (RFC 7518 §3.2)")
    func hmacSecretLength() throws {
        let short = Self.hmacIssuer(secretVariable: "SECRET", algorithms: "HS256")
        do {
            _ = try ConfigurationLoader.load(yaml: short, environment: ["SECRET": "abc"])
            Issue.record("a 3-byte secret was accepted")
        } catch {
            #expect(error.key == "issuers[0].shared_secret")
            #expect(error.fix.contains("HS256 needs at least 32"))
            #expect(!error.description.contains("abc"))
        }
        let secret32 = String(repeating: "k", count: 32)
        _ = try ConfigurationLoader.load(yaml: short, environment: ["SECRET": secret32])
        let strong = Self.hmacIssuer(secretVariable: "SECRET", algorithms: "HS256, HS512")
        #expect(throws: ConfigurationProblem.self) {
            try ConfigurationLoader.load(yaml: strong, environment: ["SECRET": secret32])
        }
    }

    static func endpoint(origins: String) -> String {
        """
        issuers:
          - issuer: https://id.example.com
            jwks_uri: https://id.example.com/jwks
        endpoints:
          - preset: claude
            allowed_origins: \(origins)
        """
    }

    @Test(
        "allowed_origins takes exact origins only: no *, no null, no path",
        arguments: [
            #"["*"]"#, #"["null"]"#, #"["https://app.example/"]"#, #"["https://app.example/path"]"#,
            #"["app.example"]"#, #"["https://*.example.com"]"#, #"["ftp://app.example"]"#,
        ])
    func originValidation(_ origins: String) throws {
        #expect(throws: ConfigurationProblem.self) {
            try ConfigurationLoader.load(yaml: Self.endpoint(origins: origins))
        }
    }

    @Test("valid origins pass the check")
    func validOrigins() throws {
        let yaml = Self.endpoint(origins: #"["https://app.example.com", "http://localhost:5173", "http://[::1]:8080"]"#)
        let configuration = try ConfigurationLoader.load(yaml: yaml)
        #expect(configuration.endpoints[0].transport.allowedOrigins.count == 3)
    }

    @Test("one loopback rule: 127.attacker.example is not loopback for the configuration either")
    func loopbackLookAlike() throws {
        let yaml = """
            issuers:
              - issuer: https://id.example.com
                jwks_uri: http://127.attacker.example/jwks
            """
        do {
            _ = try ConfigurationLoader.load(yaml: yaml)
            Issue.record("http to a look-alike host was accepted")
        } catch {
            #expect(error.key == "issuers[0].jwks_uri")
        }
        let loopback = yaml.replacingOccurrences(of: "127.attacker.example", with: "127.0.0.2:9000")
        _ = try ConfigurationLoader.load(yaml: loopback)
    }

    @Test("plain http public_url on a public host is a loud warning, in the banner too")
    func plainHTTPWarning() throws {
        var configuration = GatehouseConfiguration()
        configuration.server.publicURL = "http://mcp.example.com"
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings[0].contains("unencrypted"))
        configuration.server.publicURL = "https://mcp.example.com"
        #expect(configuration.warnings.isEmpty)
        configuration.server.publicURL = "http://127.0.0.1:9000"
        #expect(configuration.warnings.isEmpty)
        var served = try ConfigurationLoader.load(
            yaml: Self.endpoint(origins: "[]"), overrides: ["server.public_url": "http://mcp.example.com"])
        served.server.port = 8310
        let banner = StartupBanner(configuration: served, command: "gatehouse").text
        #expect(banner.contains("WARNING: server.public_url http://mcp.example.com is plain http"))
    }

    @Test("the banner shows the bound address and the public URL")
    func bannerShowsBoth() throws {
        var configuration = try ConfigurationLoader.load(yaml: Self.endpoint(origins: "[]"))
        configuration.server.port = 8310
        configuration.server.publicURL = "https://public.example"
        let banner = StartupBanner(configuration: configuration, command: "gatehouse").text
        #expect(banner.hasPrefix("Gatehouse \(GatehouseVersion.current) listening on http://127.0.0.1:8310\n"))
        #expect(banner.contains("public URL https://public.example"))
    }

    @Test("the Kubernetes service-link variables of a Service named gatehouse are tolerated, nothing else")
    func serviceLinkVariables() throws {
        let links = [
            "GATEHOUSE_SERVICE_HOST": "10.96.0.11", "GATEHOUSE_SERVICE_PORT": "8080",
            "GATEHOUSE_SERVICE_PORT_HTTP": "8080", "GATEHOUSE_PORT": "tcp://10.96.0.11:8080",
            "GATEHOUSE_PORT_8080_TCP": "tcp://10.96.0.11:8080", "GATEHOUSE_PORT_8080_TCP_PROTO": "tcp",
            "GATEHOUSE_PORT_8080_TCP_PORT": "8080", "GATEHOUSE_PORT_8080_TCP_ADDR": "10.96.0.11",
        ]
        _ = try ConfigurationLoader.load(path: nil, environment: links)
        for (name, value) in [
            ("GATEHOUSE_PORT", "8080"), ("GATEHOUSE_SERVICE_HOST", "evil.example"),
            ("GATEHOUSE_PORT_8080_TCP_PORT", "9090"), ("GATEHOUSE_PORT_8080_TCP", "udp://10.96.0.11:8080"),
            ("GATEHOUSE_SERVICE_PORTS", "8080"), ("GATEHOUSE_SERVER_PROT", "1"),
        ] {
            #expect(throws: ConfigurationProblem.self, "\(name)=\(value)") {
                try ConfigurationLoader.load(path: nil, environment: [name: value])
            }
        }
    }

    @Test("the configuration check loads key files as start-up does: a missing folder or file names its path")
    func checkFindsMissingKeys() throws {
        var configuration = try Support.configuration()
        configuration.issuers[0].keys = .development(directory: "/nonexistent/Keys")
        do {
            try GatehouseServer.check(configuration)
            Issue.record("a missing key folder passed the check")
        } catch {
            #expect(error.key == "issuers[0].development_keys")
            #expect(error.fix.contains("no development key folder at /nonexistent/Keys"))
            #expect(!error.fix.contains("NSCocoaErrorDomain"))
        }
        configuration.issuers[0].keys = .jwksFile("/nonexistent/jwks.json")
        do {
            try GatehouseServer.check(configuration)
            Issue.record("a missing jwks_file passed the check")
        } catch {
            #expect(error.fix.contains("no file at /nonexistent/jwks.json"))
        }
        try GatehouseServer.check(try Support.configuration())
    }

    @Test("a server whose set-up fails is released without a trap")
    func failedSetUpDoesNotTrap() throws {
        var configuration = try Support.configuration()
        configuration.issuers.append(
            GatehouseConfiguration.IssuerSettings(
                issuer: "https://id.example.com", keys: .jwksURI("https://id.example.com/jwks")))
        configuration.endpoints[0].resource = "not a url"
        #expect(throws: ConfigurationProblem.self) { try Support.server(configuration) }
    }
}
