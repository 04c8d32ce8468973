import GatehouseTesting
import Hummingbird
import MCPCore
import MCPHTTP
import TokenVerification

/// `mcp-test-server --bench PORT`: every row of the end-to-end benchmark (scripts/bench.sh) in one process, each
/// at its own path, all answering the same `echo` call with the same body:
///
/// | path | what |
/// |---|---|
/// | `/bare` | a bare Hummingbird handler returning the fixed body (the ceiling) |
/// | `/open` | Gatehouse, no authentication, JSON responses |
/// | `/mcp/claude`, `/mcp/openai` | both presets, bearer tokens from the development issuer (`Keys/`), cached verifier |
/// | `/mcp/uncached` | Claude preset with the verified-token cache off: every request checks a signature |
/// | `/mcp/sse` | Claude preset, SSE responses (for legacy sessions) |
///
/// The `echo` tool needs the scope `bench`. Test-only.
enum BenchServer {
    static func run(port: Int) async throws {
        let origin = "http://127.0.0.1:\(port)"
        let development = try DevelopmentIssuer(directory: "Keys", issuer: origin + "/dev-issuer")
        let registry = try IssuerRegistry([
            TrustedIssuer(policy: development.policy, keys: StaticKeyProvider(try development.keySet()))
        ])
        let cached = AccessTokenVerifier(registry: registry)
        let uncached = AccessTokenVerifier(registry: registry, cache: nil)
        let backend = ToolBackend()
        backend.add(
            Tool(
                name: "echo", description: "Echo text", inputSchema: .object(["text": .string()], required: ["text"]),
                requiredScopes: ["bench"]
            ) { arguments, _ in
                .text(arguments["text"]?.stringValue ?? "")
            })
        let dispatcher = MCPDispatcher(
            backend: backend, configuration: MCPServerConfiguration(name: "gatehouse-bench", version: "1"))
        let router = Router()
        MCPTestServer.addBareRoute(to: router)
        router.addMCPEndpoint(
            StreamableHTTPEndpoint(
                dispatcher: dispatcher,
                configuration: StreamableHTTPConfiguration(
                    endpointName: "open", responseMode: .json,
                    // Anonymous sessions get half the store: room for the 10 000-session measurement.
                    maximumSessions: 20_000)),
            at: "/open")
        let servers = [development.issuer]
        var sse = EndpointProfile.claude(resource: origin + "/mcp/sse", authorizationServers: servers)
        sse.name = "sse"
        sse.servesRootMetadata = false
        sse.transport.responseMode = .sse
        var uncachedProfile = EndpointProfile.claude(resource: origin + "/mcp/uncached", authorizationServers: servers)
        uncachedProfile.name = "uncached"
        uncachedProfile.servesRootMetadata = false
        for (profile, verifier) in [
            (EndpointProfile.claude(resource: origin + "/mcp/claude", authorizationServers: servers), cached),
            (EndpointProfile.openAI(resource: origin + "/mcp/openai", authorizationServers: servers), cached),
            (uncachedProfile, uncached), (sse, cached),
        ] {
            try router.addMCPEndpoint(profile, dispatcher: dispatcher, verifier: verifier)
        }
        try await MCPTestServer.serve(router, port: port)
    }
}
