// An existing Hummingbird application that adds an MCP endpoint and protects one of its own routes with the same
// token verification. The development issuer stands in for yours: in production use
// `RemoteKeySet(source: .metadataURL(…), fetcher: HTTPKeySetFetcher())` as the keys.
import GatehouseTesting
import Hummingbird
import MCPCore
import MCPHTTP
import ProtectedResource
import TokenVerification

let origin = "http://127.0.0.1:8090"
let development = try DevelopmentIssuer(directory: "Keys", issuer: origin + "/dev-issuer")
let verifier = AccessTokenVerifier(
    registry: try IssuerRegistry([
        TrustedIssuer(policy: development.policy, keys: StaticKeyProvider(try development.keySet()))
    ]))

let router = Router(context: BasicAccessTokenRequestContext.self)
router.get("/") { _, _ in "the existing app's home page, unprotected" }

// An existing API route, now protected: 401/403 with RFC 6750 challenges pointing at its RFC 9728 metadata.
let reports = origin + "/api/reports"
let metadataURL = WellKnownLocation(resource: reports)!.url
router.addProtectedResourceMetadata(
    ProtectedResourceMetadata(resource: reports, authorizationServers: [development.issuer]))
router.group("/api/reports")
    .add(
        middleware: BearerAuthenticationMiddleware(
            verifier: verifier, resource: ResourceIdentifier(reports)!, metadataURL: metadataURL)
    )
    .add(middleware: RequireScopesMiddleware(["reports.read"], metadataURL: metadataURL))
    .get { _, context in "reports for \(context.accessToken!.principal.subject)" }

// The MCP endpoint, Claude-style, beside the app's routes.
let backend = ToolBackend()
backend.add(
    Tool(name: "report_count", description: "How many reports exist.", requiredScopes: ["reports.read"]) { _, _ in
        .text("42")
    })
try router.addMCPEndpoint(
    .claude(resource: origin + "/mcp", authorizationServers: [development.issuer]),
    dispatcher: MCPDispatcher(backend: backend), verifier: verifier)

try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8090))).runService()
