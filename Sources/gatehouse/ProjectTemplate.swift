import Foundation

/// The files `gatehouse init` writes: a Swift package with a server on Gatehouse as a library, its tools (typed, with
/// derived schemas), in-process tests with `GatehouseTesting`, configuration, a Dockerfile, a README and a
/// `.gitignore`. The development keys are generated per project by ``InitCommand``.
struct ProjectTemplate {
    /// What the package is for.
    enum Kind: String, CaseIterable, Sendable {
        /// Your own tools, on the development issuer (with its sign-in) until you configure a real one.
        case basic
        /// The same, plus `production.yaml` for your authorization server, which the Dockerfile runs.
        case oauth
        /// Existing MCP servers (HTTP or stdio) behind Gatehouse's endpoints; no tools of your own.
        case gateway
    }

    /// Where the Gatehouse package comes from.
    enum Dependency: Sendable {
        /// A released version from a Git URL.
        case version(url: String, from: String)
        /// A local checkout.
        case path(String)

        var packageLine: String {
            switch self {
            case .version(let url, let version):
                ".package(url: \(Self.literal(url)), from: \(Self.literal(version)))"
            case .path(let path): ".package(name: \"gatehouse\", path: \(Self.literal(path)))"
            }
        }

        /// `text` as a Swift string literal: a path or URL with a quote or backslash still makes a valid manifest.
        static func literal(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }

    /// The package name (also the executable's).
    let name: String
    /// The template.
    let kind: Kind
    /// The Gatehouse dependency.
    let dependency: Dependency

    /// The module name of the tools library (`my-server` → `MyServerTools`).
    var toolsModule: String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined() + "Tools"
    }

    /// Every file, by path relative to the package root.
    var files: [(path: String, contents: String)] {
        var files: [(String, String)] = [
            ("Package.swift", packageManifest),
            ("Sources/\(name)/main.swift", kind == .gateway ? gatewayMain : serverMain),
            ("Sources/\(name)/Startup.swift", startup),
            ("gatehouse.yaml", developmentConfiguration),
            ("Dockerfile", dockerfile),
            ("README.md", readme),
            (".gitignore", ".build/\n.build-*/\nPackage.resolved\n.swiftpm/\n"),
            ("Keys/README.md", keysReadme),
        ]
        if kind != .gateway {
            files.append(("Sources/\(toolsModule)/Tools.swift", tools))
            files.append(("Tests/\(toolsModule)Tests/ToolsTests.swift", toolTests))
        } else {
            files.append(("Tests/\(toolsModule)Tests/ConfigurationTests.swift", gatewayTests))
            files.append(("Sources/\(toolsModule)/Configuration.swift", gatewayConfigurationHelper))
        }
        if kind == .oauth { files.append(("production.yaml", productionConfiguration)) }
        return files
    }

    private var packageManifest: String {
        """
        // swift-tools-version:6.1
        import PackageDescription

        /// A product of the Gatehouse package.
        func gatehouse(_ product: String) -> Target.Dependency { .product(name: product, package: "gatehouse") }

        let package = Package(
            name: "\(name)",
            platforms: [.macOS(.v15)],
            dependencies: [
                \(dependency.packageLine),
                .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
                .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
            ],
            targets: [
                .target(
                    name: "\(toolsModule)",
                    dependencies: [
                        gatehouse("MCPCore"),
                        gatehouse("GatehouseServer"),
                    ]\(toolsPlugins)),
                .executableTarget(
                    name: "\(name)",
                    dependencies: [
                        "\(toolsModule)",
                        gatehouse("GatehouseServer"),
                        gatehouse("DevelopmentAuthorization"),
                        gatehouse("MCPCore"),
                        gatehouse("MCPGateway"),
                        .product(name: "Logging", package: "swift-log"),
                    ]),
                .testTarget(
                    name: "\(toolsModule)Tests",
                    dependencies: [
                        "\(toolsModule)",
                        gatehouse("GatehouseServer"),
                        gatehouse("GatehouseTesting"),
                        gatehouse("GatehouseJSON"),
                        gatehouse("MCPCore"),
                        gatehouse("MCPGateway"),
                        .product(name: "Hummingbird", package: "hummingbird"),
                        .product(name: "HummingbirdTesting", package: "hummingbird"),
                    ]),
            ]
        )

        """
    }

    /// The tools target's plugins: SchemaComments turns its properties' doc comments into schema descriptions.
    private var toolsPlugins: String {
        kind == .gateway ? "" : ",\n            plugins: [.plugin(name: \"SchemaComments\", package: \"gatehouse\")]"
    }

    private var tools: String {
        """
        import Foundation
        public import MCPCore

        /// This server's tools. Their input and output schemas are derived from the types below
        /// (`JSONSchema.derived(from:)`): a property's doc comment is its description (the SchemaComments plugin,
        /// Package.swift), and `schemaFields` adds bounds.
        public enum Tools {
            /// `greet`'s input.
            public struct Greeting: SchemaDerivable, Sendable {
                /// Whom to greet.
                public var name: String
                public static let schemaFields = ["name": SchemaField(minLength: 1, maxLength: 100)]
            }

            /// `greet`'s result.
            public struct Reply: Codable, Sendable {
                public var text: String
            }

            /// How soon a reminder is due.
            public enum Priority: String, SchemaEnumeration, Sendable { case low, normal, high }

            /// `remind`'s input.
            public struct Reminder: SchemaDerivable, Sendable {
                /// What to remind you of.
                public var text: String
                /// Minutes from now (default 60).
                public var minutes: Int?
                /// How soon it is due (default normal).
                public var priority: Priority?
                public static let schemaFields = [
                    "text": SchemaField(minLength: 1, maxLength: 500),
                    "minutes": SchemaField(minimum: 1, maximum: 10_080),
                ]
            }

            /// `remind`'s result.
            public struct Scheduled: Codable, Sendable {
                public var text: String
                public var dueInMinutes: Int
                public var priority: String
                public var owner: String
            }

            /// The tools, each with the scope it needs.
            public static func backend() -> ToolBackend {
                let backend = ToolBackend()
                backend.tool("greet", description: "Greets someone by name.", scopes: ["greetings"]) {
                    (input: Greeting, context) in
                    Reply(text: "Hello, \\(input.name)! (asked by \\(context.caller?.subject ?? "nobody"))")
                }
                backend.tool("remind", description: "Schedules a reminder for you.", scopes: ["reminders"]) {
                    (input: Reminder, context) in
                    guard let caller = context.caller else { throw ToolError("no verified caller") }
                    return Scheduled(
                        text: input.text, dueInMinutes: input.minutes ?? 60,
                        priority: (input.priority ?? .normal).rawValue, owner: caller.subject)
                }
                return backend
            }
        }

        """
    }

    private var serverMain: String {
        """
        // \(name): MCP tools served by Gatehouse. Without an argument: the embedded development default (127.0.0.1:8080,
        // the development issuer with the keys in Keys/, both endpoint presets; GATEHOUSE_SERVER_PORT moves it all);
        // `swift run \(name) gatehouse.yaml` (or GATEHOUSE_CONFIG) reads a configuration file instead.
        import Foundation
        import GatehouseServer
        import Logging
        import \(toolsModule)

        let path = CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["GATEHOUSE_CONFIG"]
        let configuration: GatehouseConfiguration
        do {
            configuration = try ConfigurationLoader.load(path: path)
        } catch {
            fail("configuration error: \\(error)", status: 78)
        }
        let backend = Tools.backend()
        await serve(configuration, backend: backend, scopes: backend.snapshot.allScopes, logger: Logger(label: "\(name)"))

        """
    }

    private var gatewayMain: String {
        """
        // \(name): existing MCP servers behind Gatehouse (gateway mode). The upstreams are in gatehouse.yaml.
        import Foundation
        import GatehouseServer
        import Logging
        import MCPGateway
        import \(toolsModule)

        let path = CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["GATEHOUSE_CONFIG"]
        let configuration: GatehouseConfiguration
        do {
            configuration = try GatewayConfiguration.load(path: path ?? "gatehouse.yaml")
        } catch {
            fail("configuration error: \\(error)", status: 78)
        }
        let logger = Logger(label: "\(name)")
        let gateway = GatewayBackend(upstreams: configuration.upstreams, logger: logger)
        await gateway.refresh()
        let refreshes = Task { await gateway.run() }
        await serve(configuration, backend: gateway, scopes: gateway.snapshot.allScopes + gateway.configuredScopes, logger: logger)
        refreshes.cancel()
        await refreshes.value

        """
    }

    /// What both kinds of server do once they have a configuration and a backend.
    private var startup: String {
        """
        import DevelopmentAuthorization
        import Foundation
        import GatehouseServer
        import Logging
        import MCPCore

        /// Prints one line naming what failed, and exits with `status` (78: the configuration; 1: cannot listen).
        func fail(_ message: String, status: Int32) -> Never {
            FileHandle.standardError.write(Data("\(name): \\(message)\\n".utf8))
            exit(status)
        }

        /// Serves `backend` as `configuration` says until SIGTERM or SIGINT. With the development issuer, MCP clients
        /// can also sign in (a consent page); a real issuer adds nothing.
        func serve(_ configuration: GatehouseConfiguration, backend: any MCPBackend, scopes: [String], logger: Logger) async {
            let server: GatehouseServer
            let signIn: DevelopmentAuthorizationServer?
            do {
                signIn = try DevelopmentSignIn.server(for: configuration, scopes: scopes)
                server = try GatehouseServer(
                    configuration: configuration, backend: backend, logger: logger,
                    developmentIssuerMetadata: signIn?.metadata ?? [:])
                signIn?.addRoutes(to: server.router)
            } catch {
                fail("configuration error: \\(error)", status: 78)
            }
            var banner = StartupBanner(configuration: configuration, command: "gatehouse", scopes: scopes)
            banner.servesSignIn = signIn != nil
            let text = banner.text + "\\n"
            do {
                try await server.run { FileHandle.standardOutput.write(Data(text.utf8)) }
            } catch {
                fail("cannot start: \\(error)", status: 1)
            }
        }

        """
    }

    private var gatewayConfigurationHelper: String {
        """
        public import GatehouseServer

        /// Loads and checks the gateway's configuration: it must serve upstreams.
        public enum GatewayConfiguration {
            /// The configuration at `path`.
            /// - Throws: `ConfigurationProblem` naming the key and the fix.
            public static func load(path: String) throws(ConfigurationProblem) -> GatehouseConfiguration {
                let configuration = try ConfigurationLoader.load(path: path)
                guard configuration.backend == "upstreams" else {
                    throw ConfigurationProblem(key: "upstreams", fix: "a gateway lists the MCP servers it serves")
                }
                return configuration
            }
        }

        """
    }

    private var developmentConfiguration: String {
        var yaml = """
            # Local development: the development issuer (keys in Keys/, development only) on 127.0.0.1:8080, MCP
            # clients signing in at http://127.0.0.1:8080/dev-issuer (a consent page in your browser).\(kind == .gateway ? "" : "\n# What the server runs without a file; `swift run \(name) gatehouse.yaml` reads this one. The issuer names\n# the port: change both together.")
            server:
              host: 127.0.0.1
              port: 8080
            issuers:
              - issuer: http://127.0.0.1:8080/dev-issuer
                development_keys: Keys
            endpoints:
              - name: claude
                preset: claude
                path: /mcp/claude
              - name: openai
                preset: openai
                path: /mcp/openai

            """
        if kind == .gateway {
            yaml += """
                upstreams:
                  # An MCP server run as a child process over stdio (the reference "everything" server; it needs
                  # Node.js). Replace it with yours, or use  url: http://127.0.0.1:9000/mcp  for one that speaks
                  # Streamable HTTP. Names no rule matches are not served.
                  everything:
                    command: [npx, -y, "@modelcontextprotocol/server-everything"]
                    tools:
                      "*": [everything.use]
                    resources:
                      "*": [everything.use]
                    prompts:
                      "*": [everything.use]

                """
        }
        return yaml
    }

    private var productionConfiguration: String {
        """
        # Production: your authorization server. Fill in its issuer and endpoint resources, then
        #   gatehouse config check production.yaml
        # (docs/clients.md in Gatehouse has Keycloak, Entra ID, Auth0 and Okta settings).
        server:
          host: 0.0.0.0
          port: 8000
          public_url: https://mcp.example.com
        logging:
          format: json
        issuers:
          - issuer: https://auth.example.com/realms/mcp
            metadata_url: https://auth.example.com/realms/mcp/.well-known/openid-configuration
            algorithms: [RS256]
        endpoints:
          - name: claude
            preset: claude
            path: /mcp/claude
          - name: openai
            preset: openai
            path: /mcp/openai

        """
    }

    private var dockerfile: String {
        let config = kind == .oauth ? "production.yaml" : "gatehouse.yaml"
        return """
            # \(name) image: built from this package, run as a non-root user. The development keys (Keys/) are not
            # copied: they are refused on a non-loopback listener. Mount or bake a configuration for your
            # authorization server at /etc/\(name)/gatehouse.yaml.
            #   docker build -t \(name) .
            #   docker run --rm -p 8000:8000 -v $PWD/\(config):/etc/\(name)/gatehouse.yaml:ro \(name)
            FROM swift:6.3-bookworm AS build
            WORKDIR /src
            COPY . .
            RUN rm -rf Keys && swift build -c release --product \(name) --static-swift-stdlib \\
                && install -D "$(swift build -c release --show-bin-path)/\(name)" /out/\(name)

            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \\
                && rm -rf /var/lib/apt/lists/* \\
                && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app
            COPY --from=build /out/\(name) /usr/local/bin/\(name)
            USER 10001:10001
            ENV GATEHOUSE_CONFIG=/etc/\(name)/gatehouse.yaml
            EXPOSE 8000
            STOPSIGNAL SIGTERM
            ENTRYPOINT ["/usr/local/bin/\(name)"]

            """
    }

    private var keysReadme: String {
        """
        # Development keys — never for production

        `gatehouse init` generated `dev-es256.pem` for this project. It signs the development issuer's tokens on
        your machine; Gatehouse refuses it on any listener that is not loopback. Use a real authorization server
        anywhere else.

        """
    }

    private var readme: String {
        let what =
            switch kind {
            case .basic: "MCP tools in Swift, served by Gatehouse as an OAuth 2.1 protected resource."
            case .oauth:
                "MCP tools in Swift, served by Gatehouse as an OAuth 2.1 protected resource, with a production "
                    + "configuration for your authorization server (`production.yaml`)."
            case .gateway:
                "Existing MCP servers behind Gatehouse: per-client endpoints for Claude and ChatGPT, token "
                    + "verification and per-tool scopes in front of the servers listed under `upstreams:` in "
                    + "`gatehouse.yaml`."
            }
        return """
            # \(name)

            \(what)

            ## Two commands

            Run it (the development issuer on 127.0.0.1:8080, from the keys in Keys/; MCP clients sign in with a
            consent page). Run it from this folder:

            ```sh
            swift run \(name)
            ```

            Test it:

            ```sh
            swift test
            ```

            ## Next

            - \(kind == .gateway ? "Add your MCP servers under `upstreams:` in `gatehouse.yaml` (stdio `command:` or HTTP `url:`), each with the scopes its tools need." : "Add tools in `Sources/\(toolsModule)/Tools.swift`: a `Decodable` input type and a `Codable` result; the schemas are derived from them.")
            - A token without a browser: `gatehouse token mint --keys Keys --issuer http://127.0.0.1:8080/dev-issuer --audience http://127.0.0.1:8080/mcp/claude\(kind == .gateway ? " --scope everything.use" : " --scope greetings --scope reminders")`.
            - Production: \(kind == .oauth ? "fill in `production.yaml`, check it with `gatehouse config check production.yaml`, and build the image (`Dockerfile`)." : "write a configuration for your authorization server (Gatehouse's docs/configuration.md) and mount it into the image built by `Dockerfile`.")

            """
    }

    private var toolTests: String {
        """
        import Foundation
        import GatehouseJSON
        import GatehouseServer
        import GatehouseTesting
        import HTTPTypes
        import Hummingbird
        import HummingbirdTesting
        import MCPCore
        import NIOCore
        import Testing
        import \(toolsModule)

        /// The tools through the server's real endpoint, in process: tokens from the development keys.
        @Suite struct ToolsTests {
            static let keys = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Keys").path
            static let issuer = "http://127.0.0.1:8080/dev-issuer"
            static let resource = "http://127.0.0.1:8080/mcp/claude"

            /// The server as `swift run` starts it (the embedded default), with the key folder found from here.
            static func server() throws -> GatehouseServer {
                var configuration = try ConfigurationLoader.load(path: nil, environment: [:])
                configuration.issuers[0].keys = .development(directory: keys)
                return try GatehouseServer(configuration: configuration, backend: Tools.backend())
            }

            static func token(scopes: [String]) throws -> String {
                let issuer = try DevelopmentIssuer(directory: keys, issuer: issuer)
                let claims = AccessTokenClaims(
                    issuer: issuer.issuer, subject: "alice", audience: [resource], scopes: scopes,
                    now: Date().timeIntervalSince1970)
                return try issuer.signers[0].sign(claims: claims.json)
            }

            static func call(_ client: some TestClientProtocol, _ tool: String, _ arguments: String, token: String?)
                async throws -> TestResponse
            {
                var headers: HTTPFields = [
                    .contentType: "application/json", .accept: "application/json",
                    HTTPField.Name("MCP-Protocol-Version")!: "2026-07-28", HTTPField.Name("Mcp-Method")!: "tools/call",
                    HTTPField.Name("Mcp-Name")!: tool,
                ]
                if let token { headers[.authorization] = "Bearer \\(token)" }
                let meta = #"{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
                let body = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\\#(tool)","arguments":\\#(arguments),"_meta":\\#(meta)}}"#
                return try await client.execute(uri: "/mcp/claude", method: .post, headers: headers, body: ByteBuffer(string: body))
            }

            @Test func greetNeedsATokenWithItsScope() async throws {
                let allowed = try Self.token(scopes: ["greetings"])
                let other = try Self.token(scopes: ["reminders"])
                try await Application(router: try Self.server().router).test(.router) { client in
                    #expect(try await Self.call(client, "greet", #"{"name":"Ada"}"#, token: nil).status == .unauthorized)
                    #expect(try await Self.call(client, "greet", #"{"name":"Ada"}"#, token: other).status == .forbidden)
                    let response = try await Self.call(client, "greet", #"{"name":"Ada"}"#, token: allowed)
                    let result = try StrictJSONParser().parse(Array(buffer: response.body))["result"]
                    #expect(result?["structuredContent"]?["text"] == "Hello, Ada! (asked by alice)")
                }
            }

            @Test func remindChecksItsArgumentsAgainstTheDerivedSchema() async throws {
                let token = try Self.token(scopes: ["reminders"])
                try await Application(router: try Self.server().router).test(.router) { client in
                    let response = try await Self.call(client, "remind", #"{"text":"tea","minutes":5}"#, token: token)
                    let result = try StrictJSONParser().parse(Array(buffer: response.body))["result"]
                    #expect(result?["structuredContent"]?["dueInMinutes"] == 5)
                    let refused = try await Self.call(client, "remind", #"{"text":"tea","minutes":0}"#, token: token)
                    let error = try StrictJSONParser().parse(Array(buffer: refused.body))["error"]
                    #expect(error?["code"] == -32602)
                }
            }

            @Test func docCommentsAreTheSchemaDescriptions() throws {
                let tool = try #require(Tools.backend().current.tool(named: "remind"))
                let properties = tool.inputSchema.json["properties"]
                #expect(properties?["text"]?["description"] == "What to remind you of.")
                #expect(properties?["minutes"]?["description"] == "Minutes from now (default 60).")
                #expect(properties?["minutes"]?["minimum"] == 1)
            }
        }

        """
    }

    private var gatewayTests: String {
        """
        import Foundation
        import GatehouseServer
        import MCPGateway
        import Testing
        import \(toolsModule)

        /// The gateway's configuration loads as the server will read it.
        @Suite struct ConfigurationTests {
            static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()

            @Test func theConfigurationServesItsUpstreams() throws {
                let configuration = try GatewayConfiguration.load(path: Self.root.appendingPathComponent("gatehouse.yaml").path)
                #expect(configuration.upstreams.map(\\.name) == ["everything"])
                #expect(configuration.endpoints.map(\\.name) == ["claude", "openai"])
            }

            @Test func aConfigurationWithoutUpstreamsIsRefused() throws {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("no-upstreams-\\(UUID()).yaml")
                try "issuers:\\n  - issuer: http://127.0.0.1:8080/dev-issuer\\n    development_keys: Keys\\n"
                    .write(to: file, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(at: file) }
                #expect(throws: ConfigurationProblem.self) { try GatewayConfiguration.load(path: file.path) }
            }
        }

        """
    }
}
