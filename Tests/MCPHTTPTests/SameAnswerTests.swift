import Foundation
import GatehouseJSON
import GatehouseTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Testing
import TokenVerification

/// One failure, one answer (issue #13, finding 3): for every kind of verification failure, `TokenInspection` (what
/// `gatehouse token inspect` and the doctor print) gives the status the server gives — on an MCP endpoint of each
/// preset and on a plain route behind `BearerAuthenticationMiddleware` — including 503 for unavailable keys.
@Suite("Same answer: token inspect and the server agree on every failure kind")
struct SameAnswerTests {
    typealias F = AuthFixture
    static let plainResource = "https://mcp.test/api/notes"

    /// How the issuer is set up for one case.
    enum Keys { case published, unavailable, revoking }

    struct Case: Sendable, CustomStringConvertible {
        let expected: TokenVerificationError.Code
        let token: String
        var keys: Keys = .published
        var description: String { expected.name }
    }

    static func verifier(_ keys: Keys) -> AccessTokenVerifier {
        let provider: any KeyProvider =
            keys == .unavailable ? UnreachableKeys() : StaticKeyProvider(try! F.issuer.keySet())
        let policy = IssuerPolicy(issuer: F.issuer.issuer, algorithms: [.es256, .rs256])
        return AccessTokenVerifier(
            registry: try! IssuerRegistry([
                TrustedIssuer(
                    policy: policy, keys: provider, introspector: keys == .revoking ? RevokedEverything() : nil)
            ]),
            cache: nil)
    }

    /// Both presets over the notes backend, and a plain route needing `notes.write`, all with `verifier`.
    static func application(_ verifier: AccessTokenVerifier) -> some ApplicationProtocol {
        let backend = ToolBackend()
        backend.add(
            Tool(name: "write_note", description: "Write", requiredScopes: ["notes.write"]) { _, _ in .text("ok") })
        let dispatcher = MCPDispatcher(backend: backend)
        let router = Router(context: BasicAccessTokenRequestContext.self)
        for profile in [
            EndpointProfile.claude(resource: F.claudeResource, authorizationServers: [F.issuer.issuer]),
            EndpointProfile.openAI(resource: F.openAIResource, authorizationServers: [F.issuer.issuer]),
        ] {
            try! router.addMCPEndpoint(profile, dispatcher: dispatcher, verifier: verifier)
        }
        let metadata = "https://mcp.test/.well-known/oauth-protected-resource/api/notes"
        let authentication = BearerAuthenticationMiddleware<BasicAccessTokenRequestContext>(
            verifier: verifier, resource: ResourceIdentifier(plainResource)!, metadataURL: metadata)
        let scopes = RequireScopesMiddleware<BasicAccessTokenRequestContext>(["notes.write"], metadataURL: metadata)
        router.group("/api/notes").add(middleware: authentication).add(middleware: scopes).post { _, _ in "written" }
        return Application(router: router)
    }

    static func sign(_ claims: [String: JSONValue], header: [String: JSONValue] = [:], key: String = "dev-es256")
        -> String
    {
        try! F.issuer.signer(keyID: key)!.sign(claims: claims, header: header)
    }

    static func claims(
        audience: [String] = [F.claudeResource, F.openAIResource, plainResource], scopes: [String] = ["notes.write"],
        change: (inout [String: JSONValue]) -> Void = { _ in }
    ) -> [String: JSONValue] {
        var claims = AccessTokenClaims(
            issuer: F.issuer.issuer, subject: "alice", audience: audience, scopes: scopes,
            now: Date().timeIntervalSince1970 - 5, lifetime: 600
        ).json
        change(&claims)
        return claims
    }

    static func encode(_ value: JSONValue) -> String { Base64URL.encode(Array(JSONWriter.serialize(value).utf8)) }

    static let cases: [Case] = {
        let now = Date().timeIntervalSince1970
        let good = sign(claims())
        let tampered = AlteredSignature.of(good)
        let unsecured = encode(["alg": "none", "typ": "at+jwt"]) + "." + encode(.object(claims())) + "."
        return [
            Case(expected: .tokenTooLarge, token: String(repeating: "a", count: 9000)),
            Case(expected: .malformedToken, token: "not-a-token"),
            Case(expected: .unsecuredToken, token: unsecured),
            Case(expected: .encryptedToken, token: "eyJhbGciOiJSU0EifQ.a.b.c.d"),
            Case(expected: .nestedToken, token: sign(claims(), header: ["cty": "JWT"])),
            Case(expected: .algorithmNotAllowed, token: sign(claims(), key: "dev-eddsa")),
            Case(expected: .unsupportedCriticalHeader, token: sign(claims(), header: ["crit": ["x-unknown"]])),
            Case(expected: .invalidType, token: sign(claims(), header: ["typ": "JWT"])),
            Case(
                expected: .unknownIssuer,
                token: sign(claims { $0["iss"] = "https://elsewhere.test" })),
            Case(expected: .unknownKey, token: sign(claims(), header: ["kid": "no-such-key"])),
            Case(expected: .invalidSignature, token: tampered),
            Case(expected: .keysUnavailable, token: good, keys: .unavailable),
            Case(expected: .expired, token: sign(claims { $0["exp"] = .number(String(Int(now) - 3600)) })),
            Case(expected: .notYetValid, token: sign(claims { $0["nbf"] = .number(String(Int(now) + 3600)) })),
            Case(expected: .issuedInFuture, token: sign(claims { $0["iat"] = .number(String(Int(now) + 3600)) })),
            Case(expected: .missingClaim, token: sign(claims { $0["sub"] = nil })),
            Case(expected: .invalidClaim, token: sign(claims { $0["exp"] = "tomorrow" })),
            Case(expected: .audienceMismatch, token: sign(claims(audience: ["https://elsewhere.test/mcp"]))),
            Case(expected: .revoked, token: good, keys: .revoking),
            Case(expected: .insufficientScope, token: sign(claims(scopes: ["notes.read"]))),
        ]
    }()

    @Test("inspection's status equals each route's status", arguments: cases)
    func sameStatus(_ failure: Case) async throws {
        let verifier = Self.verifier(failure.keys)
        try await Self.application(verifier).test(.router) { client in
            for (path, resource) in [
                ("/mcp/claude", F.claudeResource), ("/mcp/openai", F.openAIResource),
                ("/api/notes", Self.plainResource),
            ] {
                let inspection = await TokenInspection(
                    token: failure.token, verifier: verifier, resource: ResourceIdentifier(resource)!,
                    requiredScopes: ["notes.write"], now: Date().timeIntervalSince1970)
                #expect(inspection.verdict?.code == failure.expected, "\(path): the case tests what it says")
                let status = try await client.execute(
                    uri: path, method: .post,
                    headers: F.headers("tools/call", name: "write_note", token: failure.token),
                    body: F.call("write_note")
                ) { $0.status.code }
                if failure.expected == .insufficientScope && path == "/mcp/openai" {
                    // The OpenAI style answers a missing tool scope inside the tool result, not with HTTP 403.
                    #expect(status == 200, "\(path)")
                } else {
                    #expect(status == inspection.httpStatus, "\(path)")
                }
            }
        }
    }

    @Test("credential failures (none, malformed, in the query) have the mapped status on every route kind")
    func credentialFailures() async throws {
        let verifier = Self.verifier(.published)
        try await Self.application(verifier).test(.router) { client in
            for path in ["/mcp/claude", "/mcp/openai", "/api/notes"] {
                var malformed = F.headers("tools/call", name: "write_note")
                malformed[.authorization] = "Bearer a b"
                let answers: [(HTTPFields, String, TokenVerificationError.Code)] = [
                    (F.headers("tools/call", name: "write_note"), path, .missingCredential),
                    (malformed, path, .malformedRequest),
                    (F.headers("tools/call", name: "write_note"), path + "?access_token=x", .malformedRequest),
                ]
                for (headers, uri, code) in answers {
                    let status = try await client.execute(
                        uri: uri, method: .post, headers: headers, body: F.call("write_note")
                    ) { $0.status.code }
                    if code == .missingCredential && path == "/mcp/openai" {
                        // Anonymous on the OpenAI style: a protected tool answers with a tool-level challenge.
                        #expect(status == 200, "\(uri)")
                    } else {
                        #expect(status == code.httpStatus, "\(uri) \(code)")
                    }
                }
            }
        }
    }
}

extension SameAnswerTests {
    @Test("two Authorization fields are one malformed credential: 400 invalid_request on every route kind")
    func twoAuthorizationFields() async throws {
        let verifier = Self.verifier(.published)
        let good = Self.sign(Self.claims())
        try await Self.application(verifier).test(.router) { client in
            for path in ["/mcp/claude", "/mcp/openai", "/api/notes"] {
                var headers = F.headers("tools/call", name: "write_note")
                headers.append(HTTPField(name: .authorization, value: "Bearer \(good)"))
                headers.append(HTTPField(name: .authorization, value: "Bearer \(good)"))
                try await client.execute(uri: path, method: .post, headers: headers, body: F.call("write_note")) {
                    response in
                    #expect(response.status == .badRequest, "\(path)")
                    #expect(
                        response.headers[.wwwAuthenticate]?.contains(#"error="invalid_request""#) == true, "\(path)")
                }
            }
        }
    }

    @Test("a form-body token (RFC 6750 §2.2) never authenticates: no credential, then the body's own answer")
    func formBodyToken() async throws {
        let verifier = Self.verifier(.published)
        let good = Self.sign(Self.claims())
        try await Self.application(verifier).test(.router) { client in
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            headers[.accept] = "application/json, text/event-stream"
            // Claude style and plain routes: no credential → 401 without `error`; OpenAI style: anonymous, so the
            // body is judged next and a form body is not an MCP message → 415.
            for (path, status) in [("/mcp/claude", 401), ("/mcp/openai", 415), ("/api/notes", 401)] {
                try await client.execute(
                    uri: path, method: .post, headers: headers, body: ByteBuffer(string: "access_token=\(good)")
                ) { response in
                    #expect(response.status.code == status, "\(path)")
                    if status == 401 {
                        let challenge = response.headers[.wwwAuthenticate] ?? ""
                        #expect(challenge.hasPrefix("Bearer resource_metadata="), "\(path)")
                        #expect(!challenge.contains("error="), "\(path)")
                    }
                }
            }
        }
    }
}

/// An authorization server that reports every token revoked (RFC 7662 `active: false`).
struct RevokedEverything: TokenStatusChecker {
    func isActive(_ token: Substring, expiresAt: Double) async throws(TokenVerificationError) -> Bool { false }
}
