import Foundation
import GatehouseJSON
import GatehouseServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("gatehouse serve: the embedded default end to end (in process)")
struct EmbeddedServerTests {
    typealias Support = ServerTestSupport

    @Test func claudeEndpointChallengesThenServesAVerifiedCaller() async throws {
        let token = try Support.token()
        try await Support.withServer() { server in
            try await Application(router: server.router).test(.router) { client in
                try await Support.callTool(client, "/mcp/claude", "whoami") { response in
                    #expect(response.status == .unauthorized)
                    let challenge = try #require(response.headers[.wwwAuthenticate])
                    #expect(
                        challenge.contains(
                            "resource_metadata=\"\(Support.origin)/.well-known/oauth-protected-resource/mcp/claude\""))
                }
                try await Support.callTool(client, "/mcp/claude", "whoami", token: token) { response in
                    #expect(response.status == .ok)
                    let result = try Support.json(response)["result"]?["structuredContent"]
                    #expect(result?["subject"] == "alice")
                    #expect(result?["endpoint"] == "claude")
                }
            }
        }
    }

    @Test func scopesAreEnforcedPerToolAndNotesAreKeptPerCaller() async throws {
        let reader = try Support.token(scopes: ["notes.read"])
        let alice = try Support.token(subject: "alice")
        let bob = try Support.token(subject: "bob")
        try await Support.withServer() { server in
            try await Application(router: server.router).test(.router) { client in
                try await Support.callTool(client, "/mcp/claude", "add_note", token: reader, arguments: ["text": "hi"])
                { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.wwwAuthenticate]?.contains("error=\"insufficient_scope\"") == true)
                }
                try await Support.callTool(
                    client, "/mcp/claude", "add_note", token: alice, arguments: ["text": "alice's secret"]
                ) { response in
                    #expect(response.status == .ok)
                }
                try await Support.callTool(client, "/mcp/claude", "list_notes", token: bob) { response in
                    let body = try Support.json(response)
                    #expect(body["result"]?["structuredContent"]?["notes"] == [])
                }
                try await Support.callTool(client, "/mcp/claude", "list_notes", token: alice) { response in
                    let body = try Support.json(response)
                    #expect(body["result"]?["structuredContent"]?["notes"] == ["alice's secret"])
                }
                try await Support.callTool(client, "/mcp/claude", "add_note", token: alice, arguments: ["text": ""]) {
                    response in
                    let body = try Support.json(response)
                    #expect(body["error"]?["code"]?.intValue == -32602)
                }
            }
        }
    }

    @Test func openAIEndpointServesPublicToolsAnonymouslyAndChallengesInTheResult() async throws {
        let claudeToken = try Support.token()
        try await Support.withServer() { server in
            try await Application(router: server.router).test(.router) { client in
                try await Support.callTool(client, "/mcp/openai", "server_time") { response in
                    #expect(response.status == .ok)
                    let body = try Support.json(response)
                    #expect(body["result"]?["isError"] == nil)
                }
                try await Support.callTool(client, "/mcp/openai", "whoami") { response in
                    let result = try Support.json(response)["result"]
                    #expect(result?["isError"] == true)
                    #expect(
                        result?["_meta"]?["mcp/www_authenticate"]?.arrayValue?.first?.stringValue?.contains(
                            "/mcp/openai") == true)
                }
                // A token for the Claude endpoint is not valid at the OpenAI endpoint (RFC 8707 audience).
                try await Support.callTool(client, "/mcp/openai", "whoami", token: claudeToken) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                }
            }
        }
    }

    @Test func healthReadinessMetadataAndDevelopmentKeysAreServed() async throws {
        try await Support.withServer() { server in
            try await Application(router: server.router).test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                    let body = try Support.json(response)
                    #expect(body["status"] == "ready")
                }
                try await client.execute(uri: "/.well-known/oauth-protected-resource/mcp/openai", method: .get) {
                    response in
                    let metadata = try Support.json(response)
                    #expect(metadata["resource"] == .string(Support.origin + "/mcp/openai"))
                    #expect(metadata["authorization_servers"] == [.string(Support.origin + "/dev-issuer")])
                }
                try await client.execute(uri: "/dev-issuer/jwks.json", method: .get) { response in
                    let keys = try Support.json(response)["keys"]?.arrayValue ?? []
                    #expect(keys.count == 3)
                    #expect(keys.allSatisfy { $0["d"] == nil })
                }
                try await client.execute(uri: "/.well-known/oauth-authorization-server/dev-issuer", method: .get) {
                    response in
                    let metadata = try Support.json(response)
                    #expect(metadata["jwks_uri"] == .string(Support.origin + "/dev-issuer/jwks.json"))
                }
            }
        }
    }

    @Test func readinessFailsWhileAnIssuerHasNoKeys() async throws {
        var configuration = try Support.configuration()
        configuration.issuers.append(
            .init(issuer: "https://unreachable.example", keys: .jwksURI("http://127.0.0.1:9/jwks")))
        try await Support.withServer(configuration) { server in
            try await Application(router: server.router).test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let body = try Support.json(response)
                    #expect(body["issuers_without_keys"] == ["https://unreachable.example"])
                }
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            }
        }
    }

    @Test func theBannerPrintsWorkingCommands() throws {
        let text = StartupBanner(configuration: try Support.configuration(), command: "gatehouse").text
        #expect(text.contains("DEVELOPMENT ISSUER"))
        #expect(!text.contains("sign-in:"))
        var signIn = StartupBanner(configuration: try Support.configuration(), command: "gatehouse")
        signIn.servesSignIn = true
        #expect(signIn.text.contains("sign-in: MCP clients sign in at the development issuer (consent page"))
        #expect(text.contains("gatehouse token mint --keys \(Support.keysDirectory) "))
        // Relative key folders are printed absolute, and any path a shell would split is quoted.
        var relative = try Support.configuration()
        relative.issuers[0].keys = .development(directory: "Keys")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(
            StartupBanner(configuration: relative, command: "/opt/my tools/gatehouse").text.contains(
                "TOKEN=$('/opt/my tools/gatehouse' token mint --keys \(cwd)/Keys "))
        // Quoting is decided per Unicode scalar: U+0D4E glues onto the ";" after it, which must still be quoted.
        relative.issuers[0].keys = .development(directory: "/tmp/k\u{0D4E};touch x")
        #expect(
            StartupBanner(configuration: relative, command: "gatehouse").text.contains(
                "--keys '/tmp/k\u{0D4E};touch x' "))
        #expect(text.contains("--audience http://127.0.0.1:8080/mcp/claude"))
        #expect(text.contains("metadata  http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp/openai"))
    }
}
