import Foundation
import GatehouseJSON
import GatehouseTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import ProtectedResource
import Testing
import TokenVerification

/// Two endpoints (Claude-style and OpenAI-style) over one backend, with the development issuer's keys.
enum AuthFixture {
    static let issuer = try! DevelopmentIssuer(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Keys").path,
        issuer: "https://issuer.test")
    static let claudeResource = "https://mcp.test/mcp/claude"
    static let openAIResource = "https://mcp.test/mcp/openai"

    static func token(
        audience: String = claudeResource, subject: String = "alice", scopes: [String] = [],
        issuedAt: Double = Date().timeIntervalSince1970,
        lifetime: Double = 600
    ) -> String {
        let claims = AccessTokenClaims(
            issuer: issuer.issuer, subject: subject, audience: [audience], scopes: scopes, now: issuedAt,
            lifetime: lifetime)
        return try! issuer.signer(keyID: "dev-es256")!.sign(claims: claims.json)
    }

    static func application() -> some ApplicationProtocol {
        let backend = ToolBackend()
        backend.add(
            Tool(name: "read_notes", description: "Read", requiredScopes: ["notes.read"]) { _, context in
                .text("notes for \(context.caller?.subject ?? "?") via \(context.endpoint)")
            })
        backend.add(
            Tool(name: "write_note", description: "Write", requiredScopes: ["notes.write"]) { _, _ in
                .text("written")
            })
        backend.add(Tool(name: "public_info", description: "Public", allowsAnonymous: true) { _, _ in .text("public") })
        backend.add(
            Prompt(
                name: "private_summary", arguments: [.init(name: "topic", suggestions: ["salary", "health"])],
                requiredScopes: ["notes.read"]
            ) { _, _ in [.user("summary")] })
        let verifier = AccessTokenVerifier(
            registry: try! IssuerRegistry([
                TrustedIssuer(
                    policy: IssuerPolicy(issuer: issuer.issuer), keys: StaticKeyProvider(try! issuer.keySet()))
            ]))
        let dispatcher = MCPDispatcher(backend: backend)
        let router = Router()
        for var profile in [
            EndpointProfile.claude(resource: claudeResource, authorizationServers: [issuer.issuer]),
            EndpointProfile.openAI(resource: openAIResource, authorizationServers: [issuer.issuer]),
        ] {
            profile.advertisedScopes = ["notes.read"]
            if profile.name == "openai" {
                profile.additionalScopes = ["openid", "email", "offline_access"]
                profile.resourceDocumentation = "https://docs.test/notes"
            }
            try! router.addMCPEndpoint(profile, dispatcher: dispatcher, verifier: verifier)
        }
        return Application(router: router)
    }

    static func headers(_ method: String, name: String? = nil, token: String? = nil) -> HTTPFields {
        var headers = HTTPTestSupport.modernHeaders(method: method, name: name)
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    static func call(_ tool: String) -> ByteBuffer {
        HTTPTestSupport.modernBody("tools/call", params: ["name": .string(tool)])
    }
}

@Suite("Authorized endpoints: Claude-style (transport challenges)")
struct ClaudeStyleEndpointTests {
    typealias F = AuthFixture

    @Test("no token: 401 with resource_metadata and scope, and no error attribute")
    func noToken() async throws {
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/list"),
                body: HTTPTestSupport.modernBody("tools/list")
            ) { response in
                #expect(response.status == .unauthorized)
                let challenge = try #require(response.headers[.wwwAuthenticate])
                #expect(
                    challenge
                        == #"Bearer resource_metadata="https://mcp.test/.well-known/oauth-protected-resource/mcp/claude", scope="notes.read""#
                )
            }
        }
    }

    @Test("a malformed Authorization header is 400 invalid_request")
    func malformed() async throws {
        try await F.application().test(.router) { client in
            var headers = F.headers("tools/list")
            headers[.authorization] = "Bearer a b"
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: headers, body: HTTPTestSupport.modernBody("tools/list")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_request""#) == true)
            }
        }
    }

    @Test("an expired token lacking scopes is 401 invalid_token, not 403")
    func expiredBeforeScopes() async throws {
        let expired = F.token(scopes: [], issuedAt: Date().timeIntervalSince1970 - 7200)
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/call", name: "write_note", token: expired),
                body: F.call("write_note")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
                #expect(response.headers[.wwwAuthenticate]?.contains("error_description=") == true)
            }
        }
    }

    @Test("a token minted for the OpenAI endpoint is refused on the Claude endpoint (audience isolation)")
    func audienceIsolation() async throws {
        let other = F.token(audience: F.openAIResource, scopes: ["notes.read"])
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/list", token: other),
                body: HTTPTestSupport.modernBody("tools/list")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains("audience") == true)
            }
        }
    }

    @Test("missing tool scopes are a 403 step-up decided before the tool runs; with the scope it runs")
    func stepUp() async throws {
        try await F.application().test(.router) { client in
            let reader = F.token(scopes: ["notes.read"])
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/call", name: "write_note", token: reader),
                body: F.call("write_note")
            ) { response in
                #expect(response.status == .forbidden)
                let challenge = try #require(response.headers[.wwwAuthenticate])
                #expect(challenge.contains(#"error="insufficient_scope""#))
                #expect(challenge.contains(#"scope="notes.write""#))
            }
            let writer = F.token(scopes: ["notes.read", "notes.write"])
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/call", name: "write_note", token: writer),
                body: F.call("write_note")
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("tools/call", name: "read_notes", token: reader),
                body: F.call("read_notes")
            ) { response in
                let decoded = try HTTPTestSupport.json(response)
                #expect(decoded["result"]?["content"]?.arrayValue?.first?["text"] == "notes for alice via claude")
            }
        }
    }

    @Test("a legacy session survives a token refresh for the same user, not a change of user")
    func sessionAcrossRefresh() async throws {
        try await F.application().test(.router) { client in
            var headers = HTTPTestSupport.jsonHeaders
            headers[.authorization] = "Bearer \(F.token(scopes: ["notes.read"]))"
            let initialize = HTTPTestSupport.body([
                "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["protocolVersion": "2025-06-18"],
            ])
            let session = try await client.execute(
                uri: "/mcp/claude", method: .post, headers: headers, body: initialize
            ) { response in
                try #require(response.headers[HTTPField.Name("Mcp-Session-Id")!])
            }
            let list = HTTPTestSupport.body(["jsonrpc": "2.0", "id": 1, "method": "tools/list"])
            for (subject, expected) in [("alice", HTTPResponse.Status.ok), ("mallory", .forbidden)] {
                var next = HTTPTestSupport.jsonHeaders
                next[HTTPField.Name("Mcp-Session-Id")!] = session
                next[.authorization] =
                    "Bearer \(F.token(subject: subject, scopes: ["notes.read"], issuedAt: Date().timeIntervalSince1970 - 1))"
                try await client.execute(uri: "/mcp/claude", method: .post, headers: next, body: list) { response in
                    #expect(response.status == expected, "\(subject)")
                }
            }
        }
    }

    @Test("protected resource metadata is served at the path-inserted URL and, for the primary endpoint, at the root")
    func discovery() async throws {
        try await F.application().test(.router) { client in
            for path in ["/.well-known/oauth-protected-resource/mcp/claude", "/.well-known/oauth-protected-resource"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.cacheControl]?.contains("max-age") == true)
                    let document = try HTTPTestSupport.json(response)
                    #expect(document["resource"] == "https://mcp.test/mcp/claude")
                    #expect(document["authorization_servers"] == ["https://issuer.test"])
                    #expect(document["bearer_methods_supported"] == ["header"])
                }
            }
            try await client.execute(uri: "/.well-known/oauth-protected-resource/mcp/openai", method: .get) {
                response in
                let decoded1 = try HTTPTestSupport.json(response)
                #expect(decoded1["resource"] == "https://mcp.test/mcp/openai")
                #expect(decoded1["scopes_supported"] == ["notes.read", "notes.write", "openid", "email"])
                #expect(decoded1["resource_documentation"] == "https://docs.test/notes")
            }
            try await client.execute(uri: "/.well-known/oauth-protected-resource/mcp/unknown", method: .get) {
                response in
                #expect(response.status == .notFound)
            }
        }
    }
}

@Suite("Endpoint profiles: misconfiguration is a clear error")
struct EndpointProfileTests {
    @Test("a profile whose resource is not an absolute URL, or with no authorization server, is refused")
    func misconfigured() {
        let verifier = AccessTokenVerifier(registry: try! IssuerRegistry([]))
        let dispatcher = MCPDispatcher(backend: ToolBackend())
        for profile in [
            EndpointProfile.claude(resource: "mcp/claude", authorizationServers: ["https://id"]),
            EndpointProfile.openAI(resource: "https://h/mcp#frag", authorizationServers: ["https://id"]),
            EndpointProfile.claude(resource: "https://h/mcp", authorizationServers: []),
        ] {
            #expect(throws: ConfigurationError.self) {
                try Router().addMCPEndpoint(profile, dispatcher: dispatcher, verifier: verifier)
            }
        }
    }
}

@Suite("Authorized endpoints: OpenAI-style (tool-level challenges)")
struct OpenAIStyleEndpointTests {
    typealias F = AuthFixture

    @Test("without a token: discovery and noauth tools work; descriptors carry securitySchemes")
    func anonymous() async throws {
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("tools/list"),
                body: HTTPTestSupport.modernBody("tools/list")
            ) { response in
                #expect(response.status == .ok)
                let tools = try HTTPTestSupport.json(response)["result"]?["tools"]?.arrayValue ?? []
                #expect(
                    tools.first { $0["name"] == "public_info" }?["securitySchemes"] == [
                        ["type": "noauth"], ["type": "oauth2", "scopes": []],
                    ])
                #expect(
                    tools.first { $0["name"] == "write_note" }?["securitySchemes"] == [
                        ["type": "oauth2", "scopes": ["notes.write"]]
                    ])
            }
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("tools/call", name: "public_info"),
                body: F.call("public_info")
            ) { response in
                let decoded2 = try HTTPTestSupport.json(response)
                #expect(decoded2["result"]?["content"]?.arrayValue?.first?["text"] == "public")
            }
        }
    }

    @Test("a protected tool without a token answers isError with the challenge in _meta[mcp/www_authenticate]")
    func toolChallenge() async throws {
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("tools/call", name: "write_note"),
                body: F.call("write_note")
            ) { response in
                #expect(response.status == .ok)
                let result = try HTTPTestSupport.json(response)["result"]
                #expect(result?["isError"] == true)
                let challenges = try #require(result?["_meta"]?["mcp/www_authenticate"]?.arrayValue)
                let challenge = try #require(challenges.first?.stringValue)
                #expect(
                    challenge.hasPrefix(
                        #"Bearer resource_metadata="https://mcp.test/.well-known/oauth-protected-resource/mcp/openai""#)
                )
                #expect(challenge.contains(#"scope="notes.write""#))
                #expect(challenge.contains(#"error="insufficient_scope""#))
            }
        }
    }

    @Test("a token lacking the tool's scope gets the tool-level challenge; the tool does not run")
    func insufficientScope() async throws {
        let reader = F.token(audience: F.openAIResource, scopes: ["notes.read"])
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("tools/call", name: "write_note", token: reader),
                body: F.call("write_note")
            ) { response in
                #expect(response.status == .ok)
                let decoded3 = try HTTPTestSupport.json(response)
                #expect(decoded3["result"]?["isError"] == true)
            }
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("tools/call", name: "read_notes", token: reader),
                body: F.call("read_notes")
            ) { response in
                let decoded4 = try HTTPTestSupport.json(response)
                #expect(decoded4["result"]?["content"]?.arrayValue?.first?["text"] == "notes for alice via openai")
            }
        }
    }

    @Test("a present but invalid token is still an HTTP 401")
    func invalidToken() async throws {
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("tools/list", token: "not.a.token"),
                body: HTTPTestSupport.modernBody("tools/list")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            }
        }
    }
}
