import GatehouseJSON
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenVerification

@Suite("the token endpoint: codes once, refresh tokens rotated, clients authenticated as registered")
struct TokenEndpointTests {
    typealias Fixture = SignInFixture

    /// The form of a code exchange for `registered`.
    static func exchange(_ code: String, _ verifier: String, _ registered: (id: String, secret: String?))
        -> [String: String]
    {
        var form = [
            "grant_type": "authorization_code", "code": code, "redirect_uri": Fixture.redirect,
            "client_id": registered.id, "code_verifier": verifier,
        ]
        if let secret = registered.secret { form["client_secret"] = secret }
        return form
    }

    static func error(_ response: TestResponse) throws -> String? {
        try Fixture.json(response)["error"]?.stringValue
    }

    @Test("a code replayed is refused and revokes the refresh token its first use produced (RFC 6749 §4.1.2)")
    func codeReplayRevokes() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (code, verifier) = try await Fixture.code(client, clientID: registered.id)
            let first = try await Fixture.token(client, Self.exchange(code, verifier, registered))
            let refresh = try #require(try Fixture.json(first)["refresh_token"]?.stringValue)
            let second = try await Fixture.token(client, Self.exchange(code, verifier, registered))
            #expect(second.status == .badRequest)
            #expect(try Self.error(second) == "invalid_grant")
            let refreshed = try await Fixture.token(
                client,
                [
                    "grant_type": "refresh_token", "refresh_token": refresh, "client_id": registered.id,
                    "client_secret": registered.secret ?? "",
                ])
            #expect(try Self.error(refreshed) == "invalid_grant")
        }
    }

    @Test("what a code exchange must repeat: the client, the redirect URI, the verifier, the resource")
    func codeBindings() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let other = try await Fixture.registeredClient(client)
            let cases: [(String, (inout [String: String]) -> Void, String)] = [
                (
                    "another client",
                    {
                        $0["client_id"] = other.id; $0["client_secret"] = other.secret
                    }, "invalid_grant"
                ),
                ("another redirect", { $0["redirect_uri"] = "http://127.0.0.1:9000/other" }, "invalid_grant"),
                ("no verifier", { $0["code_verifier"] = nil }, "invalid_grant"),
                ("wrong verifier", { $0["code_verifier"] = Fixture.pkce().verifier }, "invalid_grant"),
                ("short verifier", { $0["code_verifier"] = "abc" }, "invalid_grant"),
                ("another resource", { $0["resource"] = Fixture.openai }, "invalid_target"),
                ("no code", { $0["code"] = nil }, "invalid_request"),
                ("unknown grant", { $0["grant_type"] = "password" }, "unsupported_grant_type"),
            ]
            for (name, change, error) in cases {
                let (code, verifier) = try await Fixture.code(client, clientID: registered.id)
                var form = Self.exchange(code, verifier, registered)
                change(&form)
                let response = try await Fixture.token(client, form)
                #expect(response.status == .badRequest, "\(name)")
                #expect(try Self.error(response) == error, "\(name)")
            }
        }
    }

    @Test("a refused exchange (wrong verifier, wrong client) does not burn the code for the right request")
    func refusedExchangeKeepsTheCode() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let other = try await Fixture.registeredClient(client)
            let (code, verifier) = try await Fixture.code(client, clientID: registered.id)
            var wrong = Self.exchange(code, Fixture.pkce().verifier, registered)
            #expect(try Self.error(try await Fixture.token(client, wrong)) == "invalid_grant")
            wrong = Self.exchange(code, verifier, other)
            #expect(try Self.error(try await Fixture.token(client, wrong)) == "invalid_grant")
            let right = try await Fixture.token(client, Self.exchange(code, verifier, registered))
            #expect(right.status == .ok)
        }
    }

    @Test("rotation never extends a sign-in: its refresh tokens end a day after the approval")
    func refreshLifetimeIsTheSignIns() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (code, verifier) = try await Fixture.code(client, clientID: registered.id)
            var token = try #require(
                try Fixture.json(try await Fixture.token(client, Self.exchange(code, verifier, registered)))[
                    "refresh_token"]?.stringValue)
            let form = { (value: String) in
                [
                    "grant_type": "refresh_token", "refresh_token": value, "client_id": registered.id,
                    "client_secret": registered.secret ?? "",
                ]
            }
            fixture.clock.advance(by: 23 * 3600)
            let rotated = try await Fixture.token(client, form(token))
            token = try #require(try Fixture.json(rotated)["refresh_token"]?.stringValue)
            fixture.clock.advance(by: 2 * 3600)
            #expect(try Self.error(try await Fixture.token(client, form(token))) == "invalid_grant")
        }
    }

    @Test("the token endpoint never fetches a client ID metadata document (any page could make it probe)")
    func noFetchAtTheTokenEndpoint() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            // The fixture cannot fetch this URL: fetching would answer invalid_client; not fetching, the unknown
            // refresh token is what is wrong.
            let response = try await Fixture.token(
                client,
                [
                    "grant_type": "refresh_token", "refresh_token": "unknown",
                    "client_id": "http://127.0.0.1:1/probe.json",
                ])
            #expect(try Self.error(response) == "invalid_grant")
            #expect(!Fixture.text(response).contains("fetch"))
        }
    }

    @Test("a code expires after a minute")
    func codeExpiry() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (code, verifier) = try await Fixture.code(client, clientID: registered.id)
            fixture.clock.advance(by: 61)
            let response = try await Fixture.token(client, Self.exchange(code, verifier, registered))
            #expect(try Self.error(response) == "invalid_grant")
        }
    }

    @Test("refresh: rotated each time; narrower scopes only; a replay revokes the whole sign-in")
    func refreshRotation() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (code, verifier) = try await Fixture.code(
                client, clientID: registered.id, scope: "notes.read notes.write")
            let first = try #require(
                try Fixture.json(try await Fixture.token(client, Self.exchange(code, verifier, registered)))[
                    "refresh_token"]?.stringValue)
            func refresh(_ token: String, _ extra: [String: String] = [:]) async throws -> TestResponse {
                var form = [
                    "grant_type": "refresh_token", "refresh_token": token, "client_id": registered.id,
                    "client_secret": registered.secret ?? "",
                ]
                form.merge(extra) { $1 }
                return try await Fixture.token(client, form)
            }
            let wider = try await refresh(first, ["scope": "notes.read notes.write admin"])
            #expect(try Self.error(wider) == "invalid_scope")
            // A refused refresh does not use the token up: the corrected request still works.
            let narrower = try await refresh(first, ["scope": "notes.read"])
            #expect(narrower.status == .ok)
            #expect(try Fixture.json(narrower)["scope"] == "notes.read")
            let third = try #require(try Fixture.json(narrower)["refresh_token"]?.stringValue)
            #expect(third != first)
            let second = first
            let otherResource = try await refresh(third, ["resource": Fixture.openai])
            #expect(try Self.error(otherResource) == "invalid_target")
            let replay = try await refresh(second)
            #expect(try Self.error(replay) == "invalid_grant")
            #expect(Fixture.text(replay).contains("already used"))
        }
    }

    @Test("client authentication: exactly the registered method, one method per request, the right secret")
    func clientAuthentication() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let post = try await Fixture.registeredClient(client, method: "client_secret_post")
            let basic = try await Fixture.registeredClient(client, method: "client_secret_basic")
            let publicClient = try await Fixture.registeredClient(client, method: "none")
            #expect(publicClient.secret == nil)
            let form = ["grant_type": "refresh_token", "refresh_token": "unknown"]

            var response = try await Fixture.token(client, form.merging(["client_id": post.id]) { $1 })
            #expect(response.status == .unauthorized)
            response = try await Fixture.token(
                client, form.merging(["client_id": post.id, "client_secret": "wrong"]) { $1 })
            #expect(response.status == .unauthorized)
            #expect(try Self.error(response) == "invalid_client")
            response = try await Fixture.token(client, form, basic: (post.id, post.secret ?? ""))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            response = try await Fixture.token(
                client, form.merging(["client_secret": basic.secret ?? ""]) { $1 },
                basic: (basic.id, basic.secret ?? ""))
            #expect(try Self.error(response) == "invalid_request")
            response = try await Fixture.token(
                client, form.merging(["client_id": publicClient.id, "client_secret": "guess"]) { $1 })
            #expect(response.status == .unauthorized)
            response = try await Fixture.token(client, form)
            #expect(response.status == .unauthorized)
            // Correctly authenticated, all three reach the grant check.
            for (id, secret, viaBasic) in [
                (post.id, post.secret, false), (basic.id, basic.secret, true), (publicClient.id, nil, false),
            ] {
                var fields = form
                if !viaBasic { fields["client_id"] = id; fields["client_secret"] = secret }
                let answer = try await Fixture.token(client, fields, basic: viaBasic ? (id, secret ?? "") : nil)
                #expect(try Self.error(answer) == "invalid_grant", "\(id)")
            }
        }
    }

    @Test("client credentials: the development client only, for a resource of this server")
    func clientCredentials() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let id = "gatehouse-development-client"
            let secret = "development-secret-not-for-production"
            let granted = try await Fixture.token(
                client, ["grant_type": "client_credentials", "resource": Fixture.claude], basic: (id, secret))
            #expect(granted.status == .ok)
            #expect(try Fixture.json(granted)["scope"] == "notes.read")
            #expect(try Fixture.json(granted)["refresh_token"] == nil)
            let noResource = try await Fixture.token(client, ["grant_type": "client_credentials"], basic: (id, secret))
            #expect(try Self.error(noResource) == "invalid_target")
            let registered = try await Fixture.registeredClient(client)
            let refused = try await Fixture.token(
                client,
                [
                    "grant_type": "client_credentials", "resource": Fixture.claude, "client_id": registered.id,
                    "client_secret": registered.secret ?? "",
                ])
            #expect(try Self.error(refused) == "unauthorized_client")
            let authorize = try await Fixture.authorize(client, clientID: id, challenge: Fixture.pkce().challenge)
            #expect(authorize.status == .badRequest)
        }
    }

    @Test("browser-based clients (the MCP Inspector) may read the answers: CORS without credentials")
    func cors() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            for path in ["/dev-issuer/token", "/dev-issuer/register"] {
                let preflight = try await client.execute(
                    uri: path, method: .options, headers: [.origin: "http://localhost:6274"])
                #expect(preflight.status == .noContent)
                #expect(preflight.headers[.accessControlAllowOrigin] == "*")
                #expect(preflight.headers[.accessControlAllowCredentials] == nil)
            }
            let refused = try await Fixture.token(client, ["grant_type": "client_credentials"])
            #expect(refused.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test("the body must be a form")
    func formRequired() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/dev-issuer/token", method: .post, headers: [.contentType: "application/json"],
                body: .init(string: #"{"grant_type":"client_credentials"}"#))
            #expect(response.status == .badRequest)
            #expect(try Self.error(response) == "invalid_request")
        }
    }
}
