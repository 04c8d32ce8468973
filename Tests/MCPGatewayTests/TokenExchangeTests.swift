import Foundation
import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPGateway
import Synchronization
import Testing

@Suite("Token exchange for upstreams (RFC 8693)")
struct TokenExchangeTests {
    typealias U = UpstreamFixture
    typealias TokenEndpoint = ClientCredentialsTests.TokenEndpoint

    static let alice = Caller(issuer: "https://issuer.test", subject: "alice")
    static let bob = Caller(issuer: "https://issuer.test", subject: "bob")

    static func presented(_ value: String, in seconds: Double = 600) -> PresentedToken {
        PresentedToken(value: value, expiresAt: Date().timeIntervalSince1970 + seconds)
    }

    static func exchange(port: Int?, audience: String? = "notes-api") -> TokenExchange {
        TokenExchange(
            tokenEndpoint: URL(string: "http://127.0.0.1:\(port ?? 0)/token")!, clientID: "gw", clientSecret: "s3cret",
            resource: "http://up.example/mcp", audience: audience, scope: "notes.read")
    }

    @Test("The form names the caller's token as subject_token, the types, resource, audience and scope (§2.1)")
    func form() async throws {
        let endpoint = TokenEndpoint()
        try await endpoint.application().test(.live) { client in
            let exchange = Self.exchange(port: client.port)
            let got1 = try await exchange.token(for: Self.alice, presenting: Self.presented("caller-A"))
            #expect(got1 == "exchanged-1")
            let form = endpoint.lastForm.withLock { $0 }
            let accessToken = "urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
            #expect(form.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&"))
            #expect(form.contains("&subject_token=caller-A&subject_token_type=\(accessToken)&"))
            #expect(form.contains("&requested_token_type=\(accessToken)&"))
            #expect(form.contains("&resource=http%3A%2F%2Fup.example%2Fmcp&audience=notes-api&scope=notes.read"))
            #expect(
                endpoint.lastAuthorization.withLock { $0 } == "Basic " + Data("gw:s3cret".utf8).base64EncodedString())
        }
    }

    @Test("Cached per principal and per presented token; a new token or forget() exchanges again")
    func cachedPerPrincipal() async throws {
        let endpoint = TokenEndpoint()
        try await endpoint.application().test(.live) { client in
            let exchange = Self.exchange(port: client.port)
            async let first = exchange.token(for: Self.alice, presenting: Self.presented("caller-A"))
            async let second = exchange.token(for: Self.alice, presenting: Self.presented("caller-A"))
            let both = try await [first, second]
            #expect(both == ["exchanged-1", "exchanged-1"])
            #expect(endpoint.requests.withLock { $0 } == 1, "concurrent calls for one token share one exchange")
            let got2 = try await exchange.token(for: Self.bob, presenting: Self.presented("caller-B"))
            #expect(got2 == "exchanged-2")
            let got3 = try await exchange.token(for: Self.alice, presenting: Self.presented("caller-A"))
            #expect(got3 == "exchanged-1")
            // A refreshed token (perhaps with fewer scopes) never reuses what the earlier one was exchanged for.
            let got4 = try await exchange.token(for: Self.alice, presenting: Self.presented("caller-A2"))
            #expect(got4 == "exchanged-3")
            await exchange.forget(Self.alice)
            let got5 = try await exchange.token(for: Self.alice, presenting: Self.presented("caller-A2"))
            #expect(got5 == "exchanged-4")
            #expect(await exchange.count == 2)
        }
    }

    @Test("Refused: no caller token, an expired one, a non-access-token answer, an AS error (code only)")
    func refusals() async throws {
        let endpoint = TokenEndpoint()
        try await endpoint.application().test(.live) { client in
            let exchange = Self.exchange(port: client.port)
            await #expect {
                _ = try await exchange.token(for: nil, presenting: nil)
            } throws: { "\($0)".contains("needs the caller's token") }
            await #expect {
                _ = try await exchange.token(for: Self.alice, presenting: Self.presented("old", in: -1))
            } throws: { "\($0)".contains("has expired") }
            #expect(endpoint.requests.withLock { $0 } == 0, "nothing is sent for a call that cannot be exchanged")
            for (mode, expected) in [
                ("jwt", "issued urn:ietf:params:oauth:token-type:jwt, not an access token"),
                ("untyped", "issued no issued_token_type, not an access token"),
                ("invalid_target", "HTTP 400, error invalid_target"),
            ] {
                endpoint.mode.withLock { $0 = mode }
                await #expect {
                    _ = try await exchange.token(for: Self.alice, presenting: Self.presented("caller-\(mode)"))
                } throws: { error in
                    let text = "\(error)"
                    return text.contains(expected) && !text.contains("caller-") && !text.contains("s3cret")
                        && !text.contains("leak")
                }
            }
            #expect(await exchange.count == 0, "a refused exchange caches nothing")
        }
    }

    @Test("Never outlives the caller's token, and at most maximumEntries principals are kept")
    func bounded() async throws {
        let endpoint = TokenEndpoint()
        try await endpoint.application().test(.live) { client in
            let exchange = TokenExchange(
                tokenEndpoint: URL(string: "http://127.0.0.1:\(client.port ?? 0)/token")!, clientID: "gw",
                clientSecret: "s", maximumEntries: 2)
            for subject in ["a", "b", "c"] {
                _ = try await exchange.token(
                    for: Caller(issuer: "i", subject: subject), presenting: Self.presented("t-\(subject)"))
            }
            #expect(await exchange.count == 2)
            // The same token, now past its exp: refused although an exchanged token is cached for it.
            let stale = PresentedToken(value: "t-c", expiresAt: Date().timeIntervalSince1970 - 1)
            await #expect(throws: UpstreamCredentialError.self) {
                _ = try await exchange.token(for: Caller(issuer: "i", subject: "c"), presenting: stale)
            }
        }
    }

    @Test("Through the gateway: the upstream sees the exchanged token, per caller; the lists use the client's own")
    func throughTheGateway() async throws {
        let endpoint = TokenEndpoint()
        let recorder = U.Recorder()
        try await endpoint.application().test(.live) { client in
            try await U.withUpstream(recorder: recorder) { base in
                let tokenURL = URL(string: "http://127.0.0.1:\(client.port ?? 0)/token")!
                let gateway = await U.gateway(url: base + "/mcp") { upstream in
                    upstream.tokenExchange = TokenExchange(
                        tokenEndpoint: tokenURL, clientID: "gw", clientSecret: "s3cret", resource: base + "/mcp")
                    upstream.credentials = OAuthClientCredentials(
                        tokenEndpoint: tokenURL, clientID: "gw", clientSecret: "s3cret", resource: base + "/mcp")
                }
                let listing = Set(recorder.all.compactMap { $0[.authorization] })
                #expect(listing == ["Bearer token-1"], "lists are fetched with the gateway's client credentials")
                var context = U.context()
                context.presentedToken = Self.presented("caller-token-alice")
                _ = try await gateway.snapshot.callTool(named: "echo", arguments: ["text": "x"], context: context)
                var other = U.context(subject: "bob")
                other.presentedToken = Self.presented("caller-token-bob")
                _ = try await gateway.snapshot.callTool(named: "echo", arguments: ["text": "y"], context: other)
                let sent = recorder.all.compactMap { $0[.authorization] }
                #expect(!sent.contains { $0.contains("caller-token") }, "the caller's token reached the upstream")
                #expect(Set(sent) == ["Bearer token-1", "Bearer exchanged-2", "Bearer exchanged-3"])
                var anonymous = U.context()
                anonymous.caller = nil
                await #expect {
                    _ = try await gateway.snapshot.callTool(named: "echo", arguments: ["text": "z"], context: anonymous)
                } throws: { error in
                    (error as? MCPError)?.code == -32603
                }
                #expect(gateway.upstreams[0].health == .healthy, "one caller's refused exchange is not an outage")
            }
        }
    }
}
