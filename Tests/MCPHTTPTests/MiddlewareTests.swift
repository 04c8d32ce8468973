import Foundation
import GatehouseJSON
import GatehouseTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPHTTP
import Testing
import TokenVerification

@Suite("Protecting ordinary routes: BearerAuthenticationMiddleware + RequireScopesMiddleware")
struct MiddlewareTests {
    static let resource = "https://api.test/notes"
    static let metadata = "https://api.test/.well-known/oauth-protected-resource/notes"

    static func application() -> some ApplicationProtocol {
        let verifier = AccessTokenVerifier(
            registry: try! IssuerRegistry([
                TrustedIssuer(
                    policy: IssuerPolicy(issuer: AuthFixture.issuer.issuer),
                    keys: StaticKeyProvider(try! AuthFixture.issuer.keySet()))
            ]))
        let router = Router(context: BasicAccessTokenRequestContext.self)
        router.get("/open") { _, _ in "open" }
        router.group("/notes")
            .add(
                middleware: BearerAuthenticationMiddleware(
                    verifier: verifier, resource: ResourceIdentifier(resource)!, metadataURL: metadata,
                    advertisedScopes: ["notes.read"])
            )
            .add(middleware: RequireScopesMiddleware(["notes.read"], metadataURL: metadata))
            .get { _, context in "notes of \(context.accessToken?.principal.subject ?? "?")" }
        return Application(router: router)
    }

    static func headers(_ token: String?) -> HTTPFields {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    @Test("a valid token with the scope reaches the handler, which sees the principal")
    func allowed() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(
                uri: "/notes", method: .get,
                headers: Self.headers(AuthFixture.token(audience: Self.resource, scopes: ["notes.read"]))
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "notes of alice")
            }
            try await client.execute(uri: "/open", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("every refusal has its RFC 6750 status and challenge")
    func refusals() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/notes", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(
                    response.headers[.wwwAuthenticate]
                        == #"Bearer resource_metadata="\#(Self.metadata)", scope="notes.read""#)
            }
            try await client.execute(
                uri: "/notes", method: .get,
                headers: Self.headers(AuthFixture.token(audience: "https://other.test", scopes: ["notes.read"]))
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            }
            try await client.execute(
                uri: "/notes", method: .get,
                headers: Self.headers(AuthFixture.token(audience: Self.resource, scopes: ["other"]))
            ) { response in
                #expect(response.status == .forbidden)
                #expect(
                    response.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope", error_description"#)
                        == true)
            }
            try await client.execute(uri: "/notes", method: .get, headers: [.authorization: "Bearer"]) { response in
                #expect(response.status == .badRequest)
            }
            let token = AuthFixture.token(audience: Self.resource, scopes: ["notes.read"])
            try await client.execute(uri: "/notes?access_token=\(token)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_request""#) == true)
            }
        }
    }
}
