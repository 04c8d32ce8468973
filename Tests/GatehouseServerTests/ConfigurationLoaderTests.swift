import Foundation
import GatehouseServer
import Testing
import TokenVerification

@Suite("Configuration: strict YAML, overrides, validation")
struct ConfigurationLoaderTests {
    static let minimal = """
        issuers:
          - issuer: https://id.example.com
            jwks_uri: https://id.example.com/jwks
        """

    func problem(
        _ yaml: String, environment: [String: String] = [:], overrides: [String: String] = [:]
    ) -> ConfigurationProblem? {
        do {
            _ = try ConfigurationLoader.load(yaml: yaml, environment: environment, overrides: overrides)
            return nil
        } catch {
            return error
        }
    }

    @Test func minimalFileGetsDefaultsAndBothPresets() throws {
        let configuration = try ConfigurationLoader.load(yaml: Self.minimal)
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.server.port == 8080)
        #expect(configuration.endpoints.map(\.name) == ["claude", "openai"])
        #expect(configuration.endpoints.map(\.path) == ["/mcp/claude", "/mcp/openai"])
        #expect(configuration.issuers[0].algorithms == SignatureAlgorithm.asymmetric)
        #expect(configuration.issuers[0].keys == .jwksURI("https://id.example.com/jwks"))
    }

    @Test func theExampleConfigurationLoads() throws {
        let configuration = try ConfigurationLoader.load(yaml: ExampleConfiguration.text)
        #expect(configuration.server.publicURL == "https://mcp.example.com")
        #expect(configuration.issuers[0].algorithms == [.rs256, .es256])
        #expect(configuration.endpoints[1].additionalScopes == ["openid", "email", "profile"])
    }

    @Test func unknownKeysAreErrorsWithASuggestion() {
        let found = problem(Self.minimal + "\n    leway_seconds: 30")
        #expect(found?.key == "issuers[0].leway_seconds")
        #expect(found?.fix.contains("did you mean \"leeway_seconds\"") == true)
        #expect(problem("sever:\n  port: 1\n" + Self.minimal)?.key == "sever")
    }

    @Test func wrongTypesAndRangesNameTheKeyAndValue() {
        let port = problem("server:\n  port: 70000\n" + Self.minimal)
        #expect(port?.key == "server.port")
        #expect(port?.value == "70000")
        #expect(problem("server:\n  port: eighty\n" + Self.minimal)?.fix == "expected an integer")
        #expect(problem("logging:\n  level: loud\n" + Self.minimal)?.key == "logging.level")
        #expect(problem("metrics:\n  enabled: yes\n" + Self.minimal)?.fix == "expected true or false")
        #expect(problem(Self.minimal + "\n    algorithms: [RS256, none]")?.key == "issuers[0].algorithms[1]")
        #expect(problem(Self.minimal + "\n    leeway_seconds: 3600")?.key == "issuers[0].leeway_seconds")
        #expect(problem("logging:\n  queue_lines: 10\n" + Self.minimal)?.key == "logging.queue_lines")
        let whenFull = problem("logging:\n  when_full: block\n" + Self.minimal)
        #expect(whenFull?.key == "logging.when_full")
        #expect(whenFull?.value == "block")
    }

    @Test func theLogWritersSettingsAreRead() throws {
        let configuration = try ConfigurationLoader.load(
            yaml: "logging:\n  format: json\n  queue_lines: 500\n  when_full: wait\n" + Self.minimal)
        #expect(
            configuration.logging.writerSettings == LogWriter.Settings(format: .json, capacity: 500, whenFull: .wait))
        let overridden = try ConfigurationLoader.load(
            yaml: Self.minimal, environment: ["GATEHOUSE_LOGGING_WHEN_FULL": "wait"])
        #expect(overridden.logging.whenFull == .wait)
        #expect(overridden.logging.queueLines == 10_000)
    }

    @Test func issuersAreRequiredWithExactlyOneKeySource() {
        #expect(problem("server:\n  port: 8080")?.key == "issuers")
        #expect(problem("issuers:\n  - issuer: https://a")?.fix.contains("say where the keys come from") == true)
        let two = problem(Self.minimal + "\n    jwks_file: /tmp/x.json")
        #expect(two?.fix.contains("exactly one key source") == true)
        #expect(
            problem(Self.minimal + "\n  - issuer: https://id.example.com\n    jwks_uri: https://id.example.com/j")?
                .fix == "listed twice")
    }

    @Test func keyURLsMustBeHTTPSExceptLoopback() {
        let plain = problem("issuers:\n  - issuer: https://a\n    jwks_uri: http://id.example.com/jwks")
        #expect(plain?.key == "issuers[0].jwks_uri")
        #expect(problem("issuers:\n  - issuer: https://a\n    jwks_uri: http://127.0.0.1:9000/jwks") == nil)
    }

    @Test func hmacIsRefusedWithPublicKeysAndRequiredWithSecrets() {
        #expect(problem(Self.minimal + "\n    algorithms: [RS256, HS256]")?.key == "issuers[0].algorithms")
        let missing = problem("issuers:\n  - issuer: https://a\n    shared_secret_env: HS_SECRET")
        #expect(missing?.fix.contains("not set") == true)
        let withRSA = problem(
            "issuers:\n  - issuer: https://a\n    shared_secret_env: HS_SECRET\n    algorithms: [RS256]",
            environment: ["HS_SECRET": "0123456789abcdef0123456789abcdef"])
        #expect(withRSA?.key == "issuers[0].algorithms")
    }

    @Test func secretsAreNeverInlineAndNeverPrinted() throws {
        let inline = problem(
            Self.minimal + "\n    introspection:\n      endpoint: https://id.example.com/i\n      client_id: rs\n"
                + "      client_secret: hunter2")
        #expect(inline?.key == "issuers[0].introspection.client_secret")
        let configuration = try ConfigurationLoader.load(
            yaml: Self.minimal
                + "\n    introspection:\n      endpoint: https://id.example.com/i\n      client_id: rs\n"
                + "      client_secret_env: RS_SECRET",
            environment: ["RS_SECRET": "hunter2"])
        let secret = try #require(configuration.issuers[0].introspection?.clientSecret)
        #expect(secret.value == "hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(!String(reflecting: configuration).contains("hunter2"))
    }

    @Test func developmentKeysOnlyOnLoopback() {
        let yaml =
            "server:\n  host: 0.0.0.0\nissuers:\n  - issuer: http://127.0.0.1:8080/dev-issuer\n    development_keys: Keys"
        #expect(problem(yaml)?.key == "issuers[0].development_keys")
    }

    @Test func environmentAndFlagsOverrideInThatOrder() throws {
        let configuration = try ConfigurationLoader.load(
            yaml: Self.minimal,
            environment: [
                "GATEHOUSE_SERVER_PORT": "9090", "GATEHOUSE_LOGGING_FORMAT": "json", "GATEHOUSE_STRICT": "1",
            ],
            overrides: ["server.host": "::1"])
        #expect(configuration.server.port == 9090)
        #expect(configuration.logging.format == .json)
        #expect(configuration.server.host == "::1")
        #expect(configuration.server.origin == "http://[::1]:9090")
        let flagWins = try ConfigurationLoader.load(
            yaml: Self.minimal, environment: ["GATEHOUSE_SERVER_PORT": "9090"], overrides: ["server.port": "9191"])
        #expect(flagWins.server.port == 9191)
    }

    @Test func unknownEnvironmentVariablesAndBadValuesAreErrors() {
        let typo = problem(Self.minimal, environment: ["GATEHOUSE_SERVER_PROT": "1"])
        #expect(typo?.key == "GATEHOUSE_SERVER_PROT")
        #expect(typo?.fix.contains("GATEHOUSE_SERVER_PORT") == true)
        #expect(problem(Self.minimal, environment: ["GATEHOUSE_SERVER_PORT": "-1"])?.key == "GATEHOUSE_SERVER_PORT")
        // The doctor's own variables may be set in the same shell.
        #expect(
            problem(Self.minimal, environment: ["GATEHOUSE_DOCTOR_TOKEN": "t", "GATEHOUSE_DOCTOR_CLIENT_SECRET": "s"])
                == nil)
    }

    @Test func endpointsAreValidated() {
        let duplicatePath = problem(
            Self.minimal
                + "\nendpoints:\n  - preset: claude\n    path: /mcp\n  - name: b\n    preset: openai\n    path: /mcp")
        #expect(duplicatePath?.key == "endpoints[1].path")
        #expect(
            problem(Self.minimal + "\nendpoints:\n  - preset: claude\n    path: /metrics")?.key == "endpoints[0].path")
        #expect(problem(Self.minimal + "\nendpoints:\n  - preset: anthropic")?.key == "endpoints[0].preset")
        // Two claude endpoints would both serve /.well-known/oauth-protected-resource: refused, not a crash.
        let twoRoots = problem(Self.minimal + "\nendpoints:\n  - preset: claude\n  - name: second\n    preset: claude")
        #expect(twoRoots?.key == "endpoints[1].root_metadata" && twoRoots?.fix.contains("claude already") == true)
        #expect(
            problem(
                Self.minimal
                    + "\nendpoints:\n  - preset: claude\n  - name: second\n    preset: claude\n    root_metadata: false"
            ) == nil)
        let mismatch = problem(
            Self.minimal + "\nendpoints:\n  - preset: claude\n    path: /mcp\n    resource: https://x.example.com/other"
        )
        #expect(mismatch?.key == "endpoints[0].resource")
        #expect(
            problem("server:\n  public_url: https://x.example.com/base\n" + Self.minimal)?.key == "server.public_url")
    }

    @Test func instanceIDsAreRestrictedToSafeCharacters() throws {
        let named = try ConfigurationLoader.load(yaml: "server:\n  instance_id: pod-7\n" + Self.minimal)
        #expect(named.server.instanceID == "pod-7")
        #expect(problem("server:\n  instance_id: a.b\n" + Self.minimal)?.key == "server.instance_id")
        #expect(
            problem(Self.minimal, environment: ["GATEHOUSE_SERVER_INSTANCE_ID": "x y"])?.key == "server.instance_id")
    }

    @Test func malformedYAMLIsAClearError() {
        #expect(problem("issuers: [")?.fix.hasPrefix("not valid YAML") == true)
        #expect(problem("")?.fix == "the file is empty")
        #expect(problem("issuers:\n  - issuer: a\n    issuer: b")?.key == "(file)")
    }

    @Test func theEmbeddedDefaultFollowsTheOverriddenOrigin() throws {
        let configuration = try ConfigurationLoader.load(
            path: nil, environment: [:], overrides: ["server.port": "9999"])
        #expect(configuration.issuers[0].issuer == "http://127.0.0.1:9999/dev-issuer")
        #expect(configuration.issuers[0].keys == .development(directory: "Keys"))
        #expect(configuration.backend == "example")
        let exposed = try? ConfigurationLoader.load(path: nil, environment: [:], overrides: ["server.host": "0.0.0.0"])
        #expect(exposed == nil)
    }
}
