import Crypto
import DevelopmentAuthorization
import Foundation
import GatehouseJSON
import GatehouseTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import NIOCore
import TokenVerification

/// A development authorization server on an in-process router, with a pinned clock and client ID metadata
/// documents served from memory, plus the requests a client makes.
struct SignInFixture {
    static let issuerURL = "http://127.0.0.1:8080/dev-issuer"
    static let claude = "http://127.0.0.1:8080/mcp/claude"
    static let openai = "http://127.0.0.1:8080/mcp/openai"
    static let redirect = "http://127.0.0.1:9000/callback"
    static let keysDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Keys").path

    /// Client ID metadata documents by URL (a missing URL fails to fetch).
    struct Documents: KeySetFetcher {
        let documents: [String: String]
        func fetch(_ url: String, maximumBytes: Int) async throws -> FetchedDocument {
            guard let text = documents[url] else { throw KeySetFetchError("\(url) answered HTTP 404") }
            return FetchedDocument(body: Array(text.utf8), cacheControl: "")
        }
    }

    let clock = ManualWallClock(1_800_000_000)
    let issuer: DevelopmentIssuer
    let server: DevelopmentAuthorizationServer

    init(autoApprove: Bool = true, documents: [String: String] = [:]) throws {
        issuer = try DevelopmentIssuer(directory: Self.keysDirectory, issuer: Self.issuerURL)
        var settings = DevelopmentAuthorizationServer.Settings()
        settings.autoApprove = autoApprove
        server = try DevelopmentAuthorizationServer(
            issuer: issuer,
            resources: [
                .init(identifier: Self.claude, defaultScopes: ["notes.read"]),
                .init(identifier: Self.openai, defaultScopes: []),
            ],
            scopes: ["notes.read", "notes.write"], settings: settings,
            clientMetadataFetcher: Documents(documents: documents), clock: clock)
    }

    /// Runs `body` against the server's routes.
    func run(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        server.addRoutes(to: router)
        try await Application(router: router).test(.router, body)
    }

    // MARK: Requests

    static func register(_ client: some TestClientProtocol, _ metadata: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/dev-issuer/register", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: metadata))
    }

    /// Registers a client for ``redirect``: its id and secret (nil for a public client).
    static func registeredClient(
        _ client: some TestClientProtocol, method: String = "client_secret_post",
        grants: String = #"["authorization_code","refresh_token"]"#
    ) async throws -> (id: String, secret: String?) {
        let response = try await register(
            client,
            #"{"redirect_uris":["\#(redirect)"],"token_endpoint_auth_method":"\#(method)","grant_types":\#(grants)}"#)
        let json = try Self.json(response)
        return (json["client_id"]?.stringValue ?? "", json["client_secret"]?.stringValue)
    }

    /// A PKCE verifier and its S256 challenge.
    static func pkce() -> (verifier: String, challenge: String) {
        let verifier = Base64URL.encode((0..<40).map { _ in UInt8.random(in: 0...255) })
        return (verifier, Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8)))))
    }

    /// `GET /authorize` with the usual parameters, `changes` applied (nil removes one).
    static func authorize(
        _ client: some TestClientProtocol, clientID: String, challenge: String, _ changes: [String: String?] = [:]
    ) async throws -> TestResponse {
        var parameters: [String: String] = [
            "response_type": "code", "client_id": clientID, "redirect_uri": redirect, "state": "xyz",
            "code_challenge": challenge, "code_challenge_method": "S256", "resource": claude, "scope": "notes.read",
        ]
        for (name, value) in changes { parameters[name] = value }
        let query = FormURLEncoding.encode(parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return try await client.execute(uri: "/dev-issuer/authorize?" + query, method: .get)
    }

    /// The query parameters of a redirect's `Location`.
    static func redirectParameters(_ response: TestResponse) throws -> [String: String] {
        let location = try #require(response.headers[.location])
        return try FormURLEncoding.decode(String(location.split(separator: "?", maxSplits: 1).last ?? ""))
    }

    /// `POST /token` with `form`, optionally with Basic credentials.
    static func token(
        _ client: some TestClientProtocol, _ form: [String: String], basic: (String, String)? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let (id, secret) = basic {
            headers[.authorization] = "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
        }
        let body = FormURLEncoding.encode(form.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return try await client.execute(
            uri: "/dev-issuer/token", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// A code for a registered client through auto-approve, with its verifier.
    static func code(
        _ client: some TestClientProtocol, clientID: String, scope: String = "notes.read"
    ) async throws -> (code: String, verifier: String) {
        let (verifier, challenge) = pkce()
        let response = try await authorize(client, clientID: clientID, challenge: challenge, ["scope": scope])
        return (try redirectParameters(response)["code"] ?? "", verifier)
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try StrictJSONParser().parse(Array(buffer: response.body))
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The verifier an endpoint for `resource` runs, trusting the development issuer.
    func verifier(for resource: String) throws -> AccessTokenVerifier {
        try AccessTokenVerifier(
            registry: IssuerRegistry([
                TrustedIssuer(policy: issuer.policy, keys: StaticKeyProvider(issuer.keySet()))
            ]),
            clock: clock)
    }
}

extension String {
    /// This form's parameters (a test's convenience).
    var formFields: [String: String] { (try? FormURLEncoding.decode(self)) ?? [:] }
}
