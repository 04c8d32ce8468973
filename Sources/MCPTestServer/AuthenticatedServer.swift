import Foundation
import GatehouseJSON
import Hummingbird
import Logging
import MCPCore
import MCPHTTP
import ProtectedResource
import TokenVerification

/// `mcp-test-server --authorization-server BASE PORT`: the conformance backend plus scoped notes tools behind
/// bearer authorization, trusting a Glewlwyd instance's three issuers (`BASE/api/oidc`, `…/oidc-es`,
/// `…/oidc-short`, the last with zero leeway for expiry tests) through OIDC discovery. Two endpoint profiles:
/// `/mcp/claude` (transport challenges) and `/mcp/openai` (tool-level challenges). Test-only.
enum AuthenticatedServer {
    static func run(authorizationServer base: String, port: Int) async throws {
        let fetcher = HTTPKeySetFetcher()
        let issuers = ["oidc", "oidc-es", "oidc-short"].map { name in
            let issuer = "\(base)/api/\(name)"
            let keys = RemoteKeySet(
                source: .metadataURL("\(issuer)/.well-known/openid-configuration", expectedIssuer: issuer),
                fetcher: fetcher)
            // The ES256 issuer also checks revocation (RFC 7662), authenticating as the test's confidential client.
            let introspector =
                name == "oidc-es"
                ? TokenIntrospector(
                    configuration: .init(
                        endpoint: "\(issuer)/introspect", clientID: "mcp-m2m", clientSecret: "s3cret-m2m"))
                : nil
            return TrustedIssuer(
                policy: IssuerPolicy(issuer: issuer, leeway: name == "oidc-short" ? 0 : 60), keys: keys,
                introspector: introspector)
        }
        let verifier = AccessTokenVerifier(registry: try IssuerRegistry(issuers))
        let backend = ConformanceBackend.make()
        backend.add(
            Tool(name: "read_notes", description: "Read the notes", requiredScopes: ["notes.read"]) { _, context in
                .text("notes of \(context.caller?.subject ?? "nobody") via \(context.endpoint)")
            })
        backend.add(
            Tool(name: "write_note", description: "Write a note", requiredScopes: ["notes.write"]) { _, _ in
                .text("written")
            })
        backend.add(
            Tool(name: "public_info", description: "Public information", allowsAnonymous: true) { _, _ in
                .text("public")
            })
        let dispatcher = MCPDispatcher(
            backend: backend, configuration: MCPServerConfiguration(name: "gatehouse-test", version: "0.1.0"))
        let router = Router()
        let authorizationServers = ["\(base)/api/oidc"]
        var claude = EndpointProfile.claude(
            resource: "http://127.0.0.1:\(port)/mcp/claude", authorizationServers: authorizationServers)
        claude.advertisedScopes = ["notes.read"]
        claude.resourceName = "Gatehouse test (claude)"
        var openAI = EndpointProfile.openAI(
            resource: "http://127.0.0.1:\(port)/mcp/openai", authorizationServers: authorizationServers)
        openAI.advertisedScopes = ["notes.read"]
        openAI.resourceName = "Gatehouse test (openai)"
        for profile in [claude, openAI] {
            try router.addMCPEndpoint(profile, dispatcher: dispatcher, verifier: verifier)
        }
        try await MCPTestServer.serve(router, port: port)
    }
}
