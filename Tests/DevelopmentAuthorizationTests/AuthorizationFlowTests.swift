import DevelopmentAuthorization
import GatehouseJSON
import GatehouseTesting
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenVerification

@Suite("the authorization endpoint: what is shown, what is redirected, what is refused")
struct AuthorizationFlowTests {
    typealias Fixture = SignInFixture

    @Test("a code, exchanged with its verifier, gives an at+jwt the endpoint's own verifier accepts")
    func codeToVerifiedToken() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (verifier, challenge) = Fixture.pkce()
            let redirect = try await Fixture.authorize(client, clientID: registered.id, challenge: challenge)
            #expect(redirect.status == .found)
            let answer = try Fixture.redirectParameters(redirect)
            #expect(answer["state"] == "xyz")
            #expect(answer["iss"] == Fixture.issuerURL)
            let response = try await Fixture.token(
                client,
                [
                    "grant_type": "authorization_code", "code": answer["code"] ?? "", "redirect_uri": Fixture.redirect,
                    "client_id": registered.id, "client_secret": registered.secret ?? "", "code_verifier": verifier,
                ])
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let body = try Fixture.json(response)
            #expect(body["token_type"] == "Bearer")
            #expect(body["scope"] == "notes.read")
            #expect(body["refresh_token"]?.stringValue != nil)
            let token = try #require(body["access_token"]?.stringValue)
            let verified = try await fixture.verifier(for: Fixture.claude).verify(
                token: token, resource: try #require(ResourceIdentifier(Fixture.claude)))
            #expect(verified.subject == "developer")
            #expect(verified.scopes == ["notes.read"])
            // The same token for the other endpoint: refused (RFC 8707 → aud).
            await #expect(throws: TokenVerificationError.self) {
                try await fixture.verifier(for: Fixture.openai).verify(
                    token: token, resource: try #require(ResourceIdentifier(Fixture.openai)))
            }
        }
    }

    @Test("until the client and its redirect URI are known good, problems are shown, never redirected")
    func openRedirectsAreImpossible() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (_, challenge) = Fixture.pkce()
            let cases: [(String, [String: String?])] = [
                ("unknown client", ["client_id": "nobody"]),
                ("no client", ["client_id": nil]),
                ("unregistered redirect", ["redirect_uri": "https://attacker.example/cb"]),
                ("no redirect", ["redirect_uri": nil]),
                ("unfetchable metadata document", ["client_id": "https://client.example.com/missing.json"]),
            ]
            var responses: [(String, TestResponse)] = []
            for (name, changes) in cases {
                responses.append(
                    (name, try await Fixture.authorize(client, clientID: registered.id, challenge: challenge, changes)))
            }
            responses.append(
                (
                    "state over 1 KiB",
                    try await Fixture.authorize(
                        client, clientID: registered.id, challenge: challenge,
                        ["state": String(repeating: "s", count: 1025)])
                ))
            responses.append(
                (
                    "duplicate parameter",
                    try await client.execute(
                        uri: "/dev-issuer/authorize?client_id=\(registered.id)&client_id=other", method: .get)
                ))
            for (name, response) in responses {
                #expect(response.status == .badRequest, "\(name)")
                #expect(response.headers[.location] == nil, "\(name)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(name)")
            }
        }
    }

    @Test("after that, refusals go back to the client with error, state and iss")
    func refusalsAreRedirected() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (_, challenge) = Fixture.pkce()
            let cases: [([String: String?], String)] = [
                (["code_challenge": nil], "invalid_request"),
                (["code_challenge_method": "plain"], "invalid_request"),
                (["code_challenge_method": nil], "invalid_request"),
                (["code_challenge": "too-short"], "invalid_request"),
                (["resource": nil], "invalid_target"),
                (["resource": "https://api.example.com/mcp"], "invalid_target"),
                (["scope": "notes.read admin"], "invalid_scope"),
                (["response_type": "token"], "unsupported_response_type"),
                (["request_uri": "urn:example:request"], "request_not_supported"),
            ]
            for (changes, error) in cases {
                let response = try await Fixture.authorize(
                    client, clientID: registered.id, challenge: challenge, changes)
                #expect(response.status == .found, "\(changes)")
                let answer = try Fixture.redirectParameters(response)
                #expect(answer["error"] == error, "\(changes)")
                #expect(answer["state"] == "xyz")
                #expect(answer["iss"] == Fixture.issuerURL)
                #expect(answer["code"] == nil)
            }
        }
    }

    @Test("without a scope parameter the resource's default scopes are granted (RFC 6749 §3.3)")
    func defaultScopes() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (verifier, challenge) = Fixture.pkce()
            let redirect = try await Fixture.authorize(
                client, clientID: registered.id, challenge: challenge, ["scope": nil])
            let response = try await Fixture.token(
                client,
                [
                    "grant_type": "authorization_code", "code": try Fixture.redirectParameters(redirect)["code"] ?? "",
                    "redirect_uri": Fixture.redirect, "client_id": registered.id,
                    "client_secret": registered.secret ?? "", "code_verifier": verifier,
                ])
            #expect(try Fixture.json(response)["scope"] == "notes.read")
        }
    }

    @Test("a client ID metadata document must name itself and carry no secret")
    func metadataDocuments() async throws {
        let good = "https://client.example.com/good.json"
        let documents = [
            good: #"{"client_id":"\#(good)","client_name":"Good","redirect_uris":["\#(Fixture.redirect)"]}"#,
            "https://client.example.com/other.json":
                #"{"client_id":"\#(good)","redirect_uris":["\#(Fixture.redirect)"]}"#,
            "https://client.example.com/secret.json":
                #"{"client_id":"https://client.example.com/secret.json","client_secret":"s","redirect_uris":["\#(Fixture.redirect)"]}"#,
            "https://client.example.com/basic.json":
                #"{"client_id":"https://client.example.com/basic.json","token_endpoint_auth_method":"client_secret_basic","redirect_uris":["\#(Fixture.redirect)"]}"#,
            "https://client.example.com/evil.json":
                #"{"client_id":"https://client.example.com/evil.json","redirect_uris":["javascript:alert(1)"]}"#,
            "https://client.example.com/notjson.json": "<html>",
        ]
        let fixture = try Fixture(documents: documents)
        try await fixture.run { client in
            let (verifier, challenge) = Fixture.pkce()
            let accepted = try await Fixture.authorize(client, clientID: good, challenge: challenge)
            #expect(accepted.status == .found)
            let code = try Fixture.redirectParameters(accepted)["code"] ?? ""
            let exchange = try await Fixture.token(
                client,
                [
                    "grant_type": "authorization_code", "code": code, "redirect_uri": Fixture.redirect,
                    "client_id": good, "code_verifier": verifier,
                ])
            #expect(exchange.status == .ok)
            for url in [
                "https://client.example.com/other.json", "https://client.example.com/secret.json",
                "https://client.example.com/basic.json", "https://client.example.com/evil.json",
                "https://client.example.com/notjson.json", "https://client.example.com/",
                "https://client.example.com/a/../good.json", "https://client.example.com/good.json#x",
            ] {
                let refused = try await Fixture.authorize(client, clientID: url, challenge: challenge)
                #expect(refused.status == .badRequest, "\(url)")
                #expect(refused.headers[.location] == nil, "\(url)")
            }
        }
    }

    @Test("the setup refuses an issuer that is not on loopback")
    func loopbackOnly() throws {
        let issuer = try DevelopmentIssuer(directory: Fixture.keysDirectory, issuer: "https://auth.example.com/dev")
        #expect(throws: DevelopmentAuthorizationServer.SetupFailure.self) {
            try DevelopmentAuthorizationServer(issuer: issuer, resources: [], scopes: [])
        }
    }

    @Test func metadataAdvertisesWhatIsImplemented() throws {
        let metadata = try Fixture().server.metadata
        #expect(metadata["code_challenge_methods_supported"] == ["S256"])
        #expect(metadata["authorization_response_iss_parameter_supported"] == true)
        #expect(metadata["client_id_metadata_document_supported"] == true)
        #expect(metadata["token_endpoint"] == .string(Fixture.issuerURL + "/token"))
    }
}
