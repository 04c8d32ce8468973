import GatehouseJSON
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("dynamic registration (RFC 7591) and the consent page")
struct RegistrationAndConsentTests {
    typealias Fixture = SignInFixture

    @Test(
        "registration refuses what it cannot honour, naming the member",
        arguments: [
            (#"{"redirect_uris":[]}"#, "invalid_redirect_uri"),
            (#"{"client_name":"no redirects"}"#, "invalid_redirect_uri"),
            (#"{"redirect_uris":["http://app.example.com/cb"]}"#, "invalid_redirect_uri"),
            (#"{"redirect_uris":["javascript:alert(1)"]}"#, "invalid_redirect_uri"),
            (#"{"redirect_uris":[7]}"#, "invalid_redirect_uri"),
            (
                #"{"redirect_uris":["https://a.example/cb"],"grant_types":["client_credentials"]}"#,
                "invalid_client_metadata"
            ),
            (#"{"redirect_uris":["https://a.example/cb"],"grant_types":["refresh_token"]}"#, "invalid_client_metadata"),
            (#"{"redirect_uris":["https://a.example/cb"],"response_types":["token"]}"#, "invalid_client_metadata"),
            (
                #"{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt"}"#,
                "invalid_client_metadata"
            ),
            (#"{"redirect_uris":["https://a.example/cb"],"client_name":7}"#, "invalid_client_metadata"),
            (
                #"{"redirect_uris":["https://a.example/cb"],"redirect_uris":["https://b.example/cb"]}"#,
                "invalid_client_metadata"
            ),
            (#"["https://a.example/cb"]"#, "invalid_client_metadata"),
        ])
    func registrationRefusals(metadata: String, error: String) async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let response = try await Fixture.register(client, metadata)
            #expect(response.status == .badRequest)
            #expect(try Fixture.json(response)["error"] == .string(error))
        }
    }

    @Test func registrationDefaultsAndOversizedBodies() async throws {
        let fixture = try Fixture()
        try await fixture.run { client in
            let response = try await Fixture.register(client, #"{"redirect_uris":["https://a.example/cb"],"x":1}"#)
            #expect(response.status == .created)
            let body = try Fixture.json(response)
            #expect(body["token_endpoint_auth_method"] == "client_secret_basic")
            #expect(body["grant_types"] == ["authorization_code"])
            #expect(body["client_secret"]?.stringValue != nil)
            #expect(body["x"] == nil)
            let huge = try await Fixture.register(
                client,
                #"{"redirect_uris":["https://a.example/cb"],"client_name":""# + String(repeating: "a", count: 20_000)
                    + #""}"#)
            #expect(huge.status == .badRequest)
            let text = try await client.execute(
                uri: "/dev-issuer/register", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "{}"))
            #expect(text.status == .badRequest)
            #expect(try Fixture.json(text)["error"] == "invalid_client_metadata")
            let withCharset = try await client.execute(
                uri: "/dev-issuer/register", method: .post, headers: [.contentType: "application/json ; charset=utf-8"],
                body: ByteBuffer(string: #"{"redirect_uris":["https://a.example/cb"]}"#))
            #expect(withCharset.status == .created)
        }
    }

    /// The consent page of a fresh request: the page and its ticket.
    static func consentPage(_ client: some TestClientProtocol, clientID: String) async throws -> (String, String) {
        let response = try await Fixture.authorize(
            client, clientID: clientID, challenge: Fixture.pkce().challenge, ["scope": "notes.read notes.write"])
        #expect(response.status == .ok)
        #expect(response.headers[.xFrameOptionsForTests] == "DENY")
        // Not no-referrer: under it browsers post the consent form with `Origin: null`.
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
        let page = Fixture.text(response)
        let ticket = try #require(page.firstMatch(of: /name="ticket" value="([^"]+)"/)?.1)
        return (page, String(ticket))
    }

    static func answer(_ client: some TestClientProtocol, _ form: [String: String], origin: String? = nil)
        async throws -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let origin { headers[.origin] = origin }
        let body = form.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return try await client.execute(
            uri: "/dev-issuer/authorize", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("the consent page: escaped, one answer per ticket, the scopes ticked, the subject checked, same origin")
    func consent() async throws {
        let fixture = try Fixture(autoApprove: false)
        try await fixture.run { client in
            let registered = try await Fixture.register(
                client, #"{"redirect_uris":["\#(Fixture.redirect)"],"client_name":"<img src=x onerror=alert(1)>"}"#)
            let id = try #require(try Fixture.json(registered)["client_id"]?.stringValue)
            let (page, ticket) = try await Self.consentPage(client, clientID: id)
            #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(!page.contains("<img"))
            #expect(page.contains("unverified"))

            let foreign = try await Self.answer(
                client, ["ticket": ticket, "decision": "approve"], origin: "https://attacker.example")
            #expect(foreign.status == .forbidden)
            let opaque = try await Self.answer(client, ["ticket": ticket, "decision": "approve"], origin: "null")
            #expect(opaque.status == .forbidden)
            let badSubject = try await Self.answer(
                client, ["ticket": ticket, "decision": "approve", "subject": "a%20b%3Cscript"])
            #expect(badSubject.status == .badRequest)
            let approved = try await Self.answer(
                client,
                ["ticket": ticket, "decision": "approve", "subject": "carol", "scope:notes.read": "on"],
                origin: "http://127.0.0.1:8080")
            #expect(approved.status == .seeOther)
            #expect(try Fixture.redirectParameters(approved)["code"] != nil)
            let again = try await Self.answer(client, ["ticket": ticket, "decision": "approve", "subject": "carol"])
            #expect(again.status == .badRequest)
            #expect(again.headers[.location] == nil)

            // `Origin: null` (a browser's privacy setting) with Fetch Metadata saying the form is this site's own.
            let (_, nullTicket) = try await Self.consentPage(client, clientID: id)
            let sameSite = try await client.execute(
                uri: "/dev-issuer/authorize", method: .post,
                headers: [
                    .contentType: "application/x-www-form-urlencoded", .origin: "null",
                    HTTPField.Name("Sec-Fetch-Site")!: "same-origin",
                ],
                body: ByteBuffer(string: "ticket=\(nullTicket)&decision=approve&subject=erin"))
            #expect(sameSite.status == .seeOther)
            let (_, denyTicket) = try await Self.consentPage(client, clientID: id)
            let denied = try await Self.answer(client, ["ticket": denyTicket, "decision": "deny"])
            #expect(try Fixture.redirectParameters(denied)["error"] == "access_denied")
            let (_, oddTicket) = try await Self.consentPage(client, clientID: id)
            let odd = try await Self.answer(client, ["ticket": oddTicket, "decision": "maybe"])
            #expect(odd.status == .badRequest)
        }
    }

    @Test("auto-approval and redirected errors only for redirects back to this machine")
    func remoteRedirectsSeeThePage() async throws {
        let fixture = try Fixture(autoApprove: true)
        try await fixture.run { client in
            let registered = try await Fixture.register(client, #"{"redirect_uris":["https://site.example/cb"]}"#)
            let id = try #require(try Fixture.json(registered)["client_id"]?.stringValue)
            let (_, challenge) = Fixture.pkce()
            let page = try await Fixture.authorize(
                client, clientID: id, challenge: challenge, ["redirect_uri": "https://site.example/cb"])
            #expect(page.status == .ok)
            #expect(page.headers[.location] == nil)
            #expect(Fixture.text(page).contains("name=\"ticket\""))
            let error = try await Fixture.authorize(
                client, clientID: id, challenge: challenge,
                ["redirect_uri": "https://site.example/cb", "code_challenge_method": "plain"])
            #expect(error.status == .badRequest)
            #expect(error.headers[.location] == nil)
        }
    }

    @Test("the scopes left unticked are not granted")
    func untickedScopes() async throws {
        let fixture = try Fixture(autoApprove: false)
        try await fixture.run { client in
            let registered = try await Fixture.registeredClient(client)
            let (verifier, challenge) = Fixture.pkce()
            let page = try await Fixture.authorize(
                client, clientID: registered.id, challenge: challenge, ["scope": "notes.read notes.write"])
            let ticket = try #require(Fixture.text(page).firstMatch(of: /name="ticket" value="([^"]+)"/)?.1)
            let approved = try await Self.answer(
                client, ["ticket": String(ticket), "decision": "approve", "subject": "dave", "scope:notes.write": "on"])
            let code = try Fixture.redirectParameters(approved)["code"] ?? ""
            let token = try await Fixture.token(client, TokenEndpointTests.exchange(code, verifier, registered))
            #expect(try Fixture.json(token)["scope"] == "notes.write")
        }
    }
}

extension HTTPField.Name {
    static let xFrameOptionsForTests = HTTPField.Name("X-Frame-Options")!
}
