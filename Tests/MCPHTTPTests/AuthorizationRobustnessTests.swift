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

/// A key provider whose keys can never be obtained (JWKS endpoint down, nothing cached).
struct UnavailableKeys: KeyProvider {
    func candidates(keyID: String?, algorithm: SignatureAlgorithm) throws(TokenVerificationError) -> [VerificationKey] {
        throw TokenVerificationError(.keysUnavailable, "the issuer's keys are unavailable")
    }
    func isPublished(thumbprint: String) -> Bool { false }
    var hasKeys: Bool { false }
}

@Suite("Authorization edge cases: unavailable keys, anonymous sessions, other schemes")
struct AuthorizationRobustnessTests {
    typealias F = AuthFixture

    static func application(keys: any KeyProvider, style: BearerAuthorization.ChallengeStyle)
        -> some ApplicationProtocol
    {
        let backend = ToolBackend()
        backend.add(
            Tool(name: "public_info", description: "Public", allowsAnonymous: true) { _, context in
                .text("public for \(context.caller?.subject ?? "anonymous")")
            })
        backend.add(
            Tool(name: "read_notes", description: "Read", requiredScopes: ["notes.read"]) { _, _ in .text("notes") })
        let verifier = AccessTokenVerifier(
            registry: try! IssuerRegistry([TrustedIssuer(policy: IssuerPolicy(issuer: F.issuer.issuer), keys: keys)]))
        let router = Router()
        let profile =
            style == .transport
            ? EndpointProfile.claude(resource: F.claudeResource, authorizationServers: [F.issuer.issuer])
            : EndpointProfile.openAI(resource: F.claudeResource, authorizationServers: [F.issuer.issuer])
        try! router.addMCPEndpoint(profile, dispatcher: MCPDispatcher(backend: backend), verifier: verifier)
        return Application(router: router)
    }

    @Test("issuer keys that cannot be obtained are a 503, not the client's fault, with no challenge")
    func keysUnavailable() async throws {
        let app = Self.application(keys: UnavailableKeys(), style: .transport)
        try await app.test(.router) { client in
            let headers = F.headers("tools/list", token: F.token(scopes: ["notes.read"]))
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: headers, body: HTTPTestSupport.modernBody("tools/list")
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.wwwAuthenticate] == nil)
            }
        }
    }

    @Test("a session opened anonymously is claimed by its first authenticated caller; others are refused")
    func anonymousSessionClaimed() async throws {
        let app = Self.application(keys: StaticKeyProvider(try F.issuer.keySet()), style: .toolLevel)
        try await app.test(.router) { client in
            let initialize = HTTPTestSupport.body([
                "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["protocolVersion": "2025-06-18"],
            ])
            let session = try await client.execute(
                uri: "/mcp/claude", method: .post, headers: HTTPTestSupport.jsonHeaders, body: initialize
            ) { response in
                try #require(response.headers[HTTPField.Name("Mcp-Session-Id")!])
            }
            let call = HTTPTestSupport.body([
                "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": ["name": "public_info"],
            ])
            for (subject, expected) in [
                (nil as String?, HTTPResponse.Status.ok), ("alice", .ok), ("mallory", .forbidden), (nil, .forbidden),
                ("alice", .ok),
            ] {
                var headers = HTTPTestSupport.jsonHeaders
                headers[HTTPField.Name("Mcp-Session-Id")!] = session
                if let subject {
                    headers[.authorization] = "Bearer \(F.token(subject: subject, scopes: ["notes.read"]))"
                }
                try await client.execute(uri: "/mcp/claude", method: .post, headers: headers, body: call) { response in
                    #expect(response.status == expected, "\(subject ?? "anonymous")")
                }
            }
        }
    }

    @Test("tool-level style: another Authorization scheme is anonymous, like no header; transport style: 401")
    func otherScheme() async throws {
        for (style, expected) in [
            (BearerAuthorization.ChallengeStyle.toolLevel, HTTPResponse.Status.ok), (.transport, .unauthorized),
        ] {
            let app = Self.application(keys: StaticKeyProvider(try F.issuer.keySet()), style: style)
            try await app.test(.router) { client in
                var headers = F.headers("tools/call", name: "public_info")
                headers[.authorization] = "Basic dXNlcjpwYXNz"
                try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: headers, body: F.call("public_info")
                ) { response in
                    #expect(response.status == expected)
                }
            }
        }
    }

    @Test(
        "two Authorization fields are one malformed credential (400 invalid_request), never the first or the last",
        arguments: [BearerAuthorization.ChallengeStyle.transport, .toolLevel]
    )
    func repeatedAuthorization(_ style: BearerAuthorization.ChallengeStyle) async throws {
        let app = Self.application(keys: StaticKeyProvider(try F.issuer.keySet()), style: style)
        try await app.test(.router) { client in
            let token = F.token(scopes: ["notes.read"])
            var headers = F.headers("tools/call", name: "read_notes", token: token)
            headers.append(HTTPField(name: .authorization, value: "Bearer \(token)"))
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: headers, body: F.call("read_notes")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.wwwAuthenticate]?.contains("error=\"invalid_request\"") == true)
            }
        }
    }
}
