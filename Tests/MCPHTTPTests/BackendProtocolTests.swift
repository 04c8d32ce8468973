import Foundation
import GatehouseJSON
import GatehouseTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Synchronization
import Testing
import TokenVerification

/// A backend that is not a `ToolBackend` (issue #13, finding 6): the endpoints, the decision step and the dispatcher
/// see only `MCPBackend`, and the decision asks the snapshot that runs the call what it requires.
@Suite("Backends behind a protocol: any MCPBackend is served, decided and run the same way")
struct BackendProtocolTests {
    typealias F = AuthFixture
    typealias S = HTTPTestSupport

    /// One tool, `relay`, whose scope the backend itself declares — the way an upstream behind the gateway will.
    final class RelayBackend: MCPBackend {
        let calls = Mutex(0)
        var snapshot: any MCPBackendSnapshot { Snapshot(backend: self) }
        var offers: BackendOffers { BackendOffers(resources: false, prompts: false, completions: false) }
        func observe(_ observer: @escaping @Sendable (BackendChange) -> Void) -> UInt64 { 0 }
        func removeObserver(_ token: UInt64) {}

        struct Snapshot: MCPBackendSnapshot {
            let backend: RelayBackend

            func requirement(for operation: MCPOperation) -> AuthorizationRequirement {
                operation.target == .tool("relay") ? AuthorizationRequirement(scopes: ["relay.use"]) : .init()
            }
            func toolDescriptors(for version: ProtocolVersion, includeSecuritySchemes: Bool) -> [JSONValue] {
                [["name": "relay", "inputSchema": ["type": "object"]]]
            }
            var resourceDescriptors: [JSONValue] { [] }
            var resourceTemplateDescriptors: [JSONValue] { [] }
            var promptDescriptors: [JSONValue] { [] }
            var allScopes: [String] { ["relay.use"] }

            func callTool(named name: String, arguments: [String: JSONValue], context: CallContext)
                async throws(MCPError) -> ToolResult
            {
                guard name == "relay" else { throw MCPError.invalidParams("unknown tool", pointer: "/params/name") }
                backend.calls.withLock { $0 += 1 }
                return .text("relayed for \(context.caller?.subject ?? "nobody")")
            }
            func readResource(_ uri: String, context: CallContext) async throws(MCPError) -> [ResourceContents] {
                throw MCPError.invalidParams("no resources", pointer: "/params/uri")
            }
            func getPrompt(named name: String, arguments: [String: String], context: CallContext)
                async throws(MCPError) -> RenderedPrompt
            {
                throw MCPError.invalidParams("no prompts", pointer: "/params/name")
            }
            func complete(_ reference: CompletionReference, argument: String, prefix: String, context: CallContext)
                async throws(MCPError) -> [String]
            {
                []
            }
        }
    }

    static func application(_ backend: RelayBackend) -> some ApplicationProtocol {
        let verifier = AccessTokenVerifier(
            registry: try! IssuerRegistry([
                TrustedIssuer(
                    policy: IssuerPolicy(issuer: F.issuer.issuer), keys: StaticKeyProvider(try! F.issuer.keySet()))
            ]))
        let router = Router()
        try! router.addMCPEndpoint(
            .claude(resource: F.claudeResource, authorizationServers: [F.issuer.issuer]),
            dispatcher: MCPDispatcher(backend: backend), verifier: verifier)
        return Application(router: router)
    }

    @Test("the backend's own requirement decides: 403 naming its scope, nothing run; with the scope it runs")
    func decidedByTheBackend() async throws {
        let backend = RelayBackend()
        try await Self.application(backend).test(.router) { client in
            let body = F.call("relay")
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/call", name: "relay", token: F.token()),
                body: body
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"scope="relay.use""#) == true)
            }
            #expect(backend.calls.withLock { $0 } == 0)
            let allowed = F.token(scopes: ["relay.use"])
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/call", name: "relay", token: allowed),
                body: body
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("relayed for alice"))
            }
            #expect(backend.calls.withLock { $0 } == 1)
        }
    }

    @Test("lists and capabilities come from the backend: its tools, only what it offers")
    func listsAndCapabilities() async throws {
        try await Self.application(RelayBackend()).test(.router) { client in
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/list", token: F.token()),
                body: S.modernBody("tools/list")
            ) { response in
                let tools = try S.json(response)["result"]?["tools"]
                #expect(tools == [["name": "relay", "inputSchema": ["type": "object"]]])
            }
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("server/discover", token: F.token()),
                body: S.modernBody("server/discover")
            ) { response in
                let capabilities = try S.json(response)["result"]?["capabilities"]?.objectValue ?? [:]
                #expect(capabilities.keys.sorted() == ["tools"])
            }
            // What is not offered is not served either: -32601 (HTTP 404 in 2026-07-28).
            for method in ["prompts/list", "resources/list", "completion/complete"] {
                try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: F.headers(method, token: F.token()),
                    body: S.modernBody(method)
                ) { response in
                    #expect(response.status == .notFound, "\(method)")
                    let code = try S.json(response)["error"]?["code"]
                    #expect(code == -32601, "\(method)")
                }
            }
        }
    }
}
