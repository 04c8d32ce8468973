import Foundation
import GatehouseServer
import MCPGateway
import MCPHTTP
import Testing

@Suite("Configuration: upstreams (gateway mode)")
struct UpstreamConfigurationTests {
    static let issuers = """
        issuers:
          - issuer: https://id.example.com
            jwks_uri: https://id.example.com/jwks
        """

    func load(_ upstreams: String, environment: [String: String] = [:]) throws(ConfigurationProblem)
        -> GatehouseConfiguration
    {
        try ConfigurationLoader.load(yaml: Self.issuers + "\nupstreams:\n" + upstreams, environment: environment)
    }

    func problem(_ upstreams: String, environment: [String: String] = [:], yaml: String? = nil)
        -> ConfigurationProblem?
    {
        do {
            if let yaml {
                _ = try ConfigurationLoader.load(yaml: yaml, environment: environment)
                return nil
            }
            _ = try load(upstreams, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test("Two upstreams in order, rules first-match in file order, the backend becomes upstreams")
    func readsUpstreams() throws {
        let configuration = try load(
            """
              github:
                url: https://mcp.internal/github
                prefix: github_
                timeout_seconds: 5
                tools:
                  delete_*: [repo.admin]
                  search: noauth
                  secret_tool: deny
                  "*": [repo.read]
              local:
                command: python3 "my server.py" --stdio
                environment: {LOG_LEVEL: debug}
                working_directory: /srv
                inherit_environment: true
            """, environment: [:])
        #expect(configuration.backend == "upstreams")
        #expect(configuration.upstreams.map(\.name) == ["github", "local"])
        let github = configuration.upstreams[0]
        #expect(github.transport == .http(URL(string: "https://mcp.internal/github")!))
        #expect(github.prefix == "github_")
        #expect(github.timeout == .seconds(5))
        #expect(github.tools.access(for: "delete_repo") == .scopes(["repo.admin"]))
        #expect(github.tools.access(for: "search") == .noauth)
        #expect(github.tools.access(for: "secret_tool") == .deny)
        #expect(github.tools.access(for: "list") == .scopes(["repo.read"]))
        #expect(github.resources.access(for: "any://thing") == .deny, "nothing is served until a rule names it")
        let local = configuration.upstreams[1]
        guard case .stdio(let command) = local.transport else {
            Issue.record("not stdio")
            return
        }
        #expect(command.executable == "python3" && command.arguments == ["my server.py", "--stdio"])
        #expect(command.environment == ["LOG_LEVEL": "debug"] && command.workingDirectory == "/srv")
        #expect(command.inheritsEnvironment)
        #expect(
            !UpstreamCommand(executable: "x").inheritsEnvironment,
            "a child does not get the gateway's secrets by default")
    }

    @Test("A header credential comes from a file or the environment, never inline, and one line only")
    func headerCredentials() throws {
        let fromEnvironment = try load(
            "  a:\n    url: http://10.0.0.5/mcp\n    header: {name: X-Api-Key, value_env: UPSTREAM_KEY}\n",
            environment: ["UPSTREAM_KEY": "k-1"])
        #expect("\(fromEnvironment.upstreams[0].credentials)" == "X-Api-Key: <redacted>")
        #expect(
            problem("  a:\n    url: http://h/mcp\n    header: {name: X-Api-Key, value: k}\n")?.key
                == "upstreams.a.header.value")
        #expect(
            problem("  a:\n    url: http://h/mcp\n    header: {name: X-Api-Key, value_env: MISSING}\n")?.fix.contains(
                "not set") == true)
        #expect(
            problem(
                "  a:\n    url: http://h/mcp\n    header: {name: \"X Bad\", value_env: K}\n", environment: ["K": "v"])?
                .key == "upstreams.a.header.name")
        #expect(
            problem("  a:\n    url: http://h/mcp\n    header: {name: K, value_env: K}\n", environment: ["K": "a\nb"])?
                .fix.contains("one line") == true)
    }

    @Test("Mistakes name the key and the fix")
    func mistakes() {
        #expect(problem("  a:\n    url: ftp://h/mcp\n")?.key == "upstreams.a.url")
        #expect(problem("  a:\n    url: https://user:pw@h/mcp\n")?.fix.contains("without credentials") == true)
        #expect(problem("  a:\n    prefix: x_\n")?.fix.contains("exactly one of url") == true)
        #expect(problem("  a:\n    url: http://h/mcp\n    command: x\n")?.fix.contains("exactly one of url") == true)
        #expect(problem("  a:\n    url: http://h/mcp\n    environment: {A: b}\n")?.key == "upstreams.a.environment")
        #expect(problem("  a:\n    command: \"python 'unterminated\"\n")?.key == "upstreams.a.command")
        #expect(problem("  a:\n    url: http://h/mcp\n    tools: {x: everyone}\n")?.key == "upstreams.a.tools.x")
        #expect(
            problem("  a:\n    url: http://h/mcp\n    timout_seconds: 3\n")?.fix.contains(
                "did you mean \"timeout_seconds\"") == true)
        #expect(problem("  bad name:\n    url: http://h/mcp\n")?.key == "upstreams.bad name")
        let noUpstreams = try? ConfigurationLoader.load(yaml: Self.issuers + "\nbackend: upstreams\n")
        #expect(noUpstreams == nil)
    }
}

extension UpstreamConfigurationTests {
    @Test("OAuth client credentials: the token endpoint must be https (or loopback http); secret from a file or env")
    func clientCredentials() throws {
        let loaded = try load(
            """
              a:
                url: http://10.0.0.5/mcp
                oauth: {token_endpoint: https://as.example/token, client_id: gw, client_secret_env: S, scope: notes.read}
            """, environment: ["S": "secret"])
        #expect(loaded.upstreams[0].credentials is OAuthClientCredentials)
        let plain = problem(
            "  a:\n    url: http://h/mcp\n    oauth: {token_endpoint: http://as.example/token, client_id: gw, client_secret_env: S}\n",
            environment: ["S": "s"])
        #expect(plain?.key == "upstreams.a.oauth.token_endpoint")
        #expect(
            problem(
                "  a:\n    url: http://h/mcp\n    oauth: {token_endpoint: https://as/t, client_id: gw, client_secret: s}\n"
            )?.key == "upstreams.a.oauth.client_secret")
        #expect(
            problem(
                "  a:\n    url: http://h/mcp\n    oauth: {client_id: gw, client_secret_env: S}\n",
                environment: ["S": "s"])?.fix.contains("token_endpoint") == true)
        let both = problem(
            "  a:\n    url: http://h/mcp\n    header: {name: K, value_env: S}\n    oauth: {token_endpoint: https://as/t, client_id: gw, client_secret_env: S}\n",
            environment: ["S": "s"])
        #expect(both?.fix.contains("at most one of header, oauth or token_exchange") == true)
        #expect(
            problem(
                "  a:\n    command: x\n    oauth: {token_endpoint: https://as/t, client_id: gw, client_secret_env: S}\n",
                environment: ["S": "s"])?.key == "upstreams.a.oauth")
        #expect(
            problem("  a:\n    command: x\n    forward_identity: true\n")?.fix.contains("only a url upstream") == true)
        #expect(
            problem("  a:\n    url: http://h/mcp\n    process_per_principal: true\n")?.key
                == "upstreams.a.process_per_principal")
        #expect(try load("  a:\n    command: x\n    process_per_principal: true\n").upstreams[0].processPerPrincipal)
        #expect(
            try load("  a:\n    command: x\n    max_notifications_per_request: 5\n").upstreams[0]
                .maximumRelayedNotifications == 5)
        #expect(
            problem("  a:\n    command: x\n    max_notifications_per_request: -1\n")?.key
                == "upstreams.a.max_notifications_per_request")
        #expect(problem("  a:\n    command: x\n    refresh_seconds: 0\n")?.key == "upstreams.a.refresh_seconds")
        #expect(problem("  a:\n    command: x\n    max_response_bytes: 10\n")?.key == "upstreams.a.max_response_bytes")
        #expect(
            problem("  a:\n    command: x\n    header: {name: K, value_env: S}\n", environment: ["S": "s"])?.key
                == "upstreams.a.header")
    }

    @Test("Token exchange: the lists use the same client's own token; noauth names and stdio are refused")
    func tokenExchange() throws {
        let loaded = try load(
            """
              a:
                url: https://notes.internal/mcp
                tools: {"*": [notes.read]}
                token_exchange:
                  token_endpoint: https://as.example/token
                  client_id: gw
                  client_secret_env: S
                  audience: notes-api
            """, environment: ["S": "secret"])
        #expect(loaded.upstreams[0].tokenExchange != nil)
        #expect(loaded.upstreams[0].credentials is OAuthClientCredentials, "discovery: client credentials")
        let exchange = "    token_exchange: {token_endpoint: https://as/t, client_id: gw, client_secret_env: S}\n"
        let noauth = problem(
            "  a:\n    url: http://h/mcp\n    tools: {search: noauth}\n" + exchange, environment: ["S": "s"])
        #expect(noauth?.key == "upstreams.a.token_exchange" && noauth?.value == "search")
        #expect(
            problem("  a:\n    command: x\n" + exchange, environment: ["S": "s"])?.key == "upstreams.a.token_exchange")
        #expect(
            problem(
                "  a:\n    url: http://h/mcp\n    token_exchange: {token_endpoint: http://as/t, client_id: gw, client_secret_env: S}\n",
                environment: ["S": "s"])?.key == "upstreams.a.token_exchange.token_endpoint")
        #expect(
            problem(
                "  a:\n    url: http://h/mcp\n    token_exchange: {token_endpoint: https://as/t, client_id: gw, client_secret_env: S, subject: x}\n",
                environment: ["S": "s"])?.key == "upstreams.a.token_exchange.subject")
        let both = problem(
            "  a:\n    url: http://h/mcp\n    oauth: {token_endpoint: https://as/t, client_id: gw, client_secret_env: S}\n"
                + exchange, environment: ["S": "s"])
        #expect(both?.fix.contains("at most one of header, oauth or token_exchange") == true)
    }

    @Test("An endpoint names the upstreams it serves: known names only, at least one, only with upstreams")
    func endpointUpstreams() throws {
        let upstreams =
            "  github: {url: http://h/mcp, tools: {\"*\": []}}\n  jira: {url: http://j/mcp, tools: {\"*\": []}}\n"
        func endpoints(_ list: String) -> String { upstreams + "endpoints:\n" + list }
        let loaded = try load(
            endpoints(
                "  - {preset: claude}\n  - {name: jira, preset: claude, root_metadata: false, upstreams: [jira]}\n"))
        #expect(loaded.endpoints.map(\.upstreams) == [nil, ["jira"]])
        let filtered = try load(endpoints("  - {preset: claude, lists: permitted}\n"))
        #expect(filtered.endpoints[0].transport.listsOnlyPermitted)
        #expect(!loaded.endpoints[0].transport.listsOnlyPermitted, "lists: all by default")
        #expect(problem(endpoints("  - {preset: claude, lists: mine}\n"))?.key == "endpoints[0].lists")
        let unknown = problem(endpoints("  - {preset: claude, upstreams: [confluence]}\n"))
        #expect(unknown?.key == "endpoints[0].upstreams" && unknown?.value == "confluence")
        #expect(unknown?.fix.contains("github, jira") == true)
        #expect(problem(endpoints("  - {preset: claude, upstreams: []}\n"))?.key == "endpoints[0].upstreams")
        let example = problem(
            "", environment: [:], yaml: Self.issuers + "\nendpoints:\n  - {preset: claude, upstreams: [github]}\n")
        #expect(example?.fix.contains("only a server with backend: upstreams") == true)
    }

    @Test("request_state: a shared secret of at least 32 bytes from a file or the environment, and a lifetime in range")
    func requestState() throws {
        let secret = String(repeating: "k", count: 32)
        let configured = try load(
            "  a:\n    url: http://h/mcp\n    request_state: {secret_env: STATE_KEY, lifetime_seconds: 120}\n",
            environment: ["STATE_KEY": secret])
        #expect(configured.upstreams[0].requestStateSecret == secret)
        #expect(configured.upstreams[0].requestStateLifetime == .seconds(120))
        let defaults = try load("  a:\n    url: http://h/mcp\n")
        #expect(defaults.upstreams[0].requestStateSecret == nil)
        #expect(defaults.upstreams[0].requestStateLifetime == .seconds(600))
        let short = problem(
            "  a:\n    url: http://h/mcp\n    request_state: {secret_env: STATE_KEY}\n",
            environment: ["STATE_KEY": "short"])
        #expect(short?.key == "upstreams.a.request_state" && short?.fix.contains("32 bytes") == true)
        let both = problem(
            "  a:\n    url: http://h/mcp\n    request_state: {secret_env: K, secret_file: /f}\n",
            environment: ["K": secret])
        #expect(both?.key == "upstreams.a.request_state")
        #expect(
            problem("  a:\n    url: http://h/mcp\n    request_state: {lifetime_seconds: 1}\n")?.key
                == "upstreams.a.request_state.lifetime_seconds")
        #expect(
            problem("  a:\n    url: http://h/mcp\n    request_state: {secret: inline}\n")?.key
                == "upstreams.a.request_state.secret")
        #expect(problem("  a:\n    url: http://h/mcp\n    request_state: {secret_env: UNSET}\n") != nil)
    }
}
