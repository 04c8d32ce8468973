import GatehouseServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TokenVerification

/// `trailing_slash` and `additional_audiences` of an issuer: read from the YAML and applied by the server's
/// verifier exactly as the Swift API's `AudiencePolicy` (RFC 8707 §2, RFC 9068 §4 step 4).
@Suite("Configuration: an issuer's audience rules reach the server")
struct AudienceSettingsTests {
    typealias Support = ServerTestSupport

    static let issuer = """
        issuers:
          - issuer: https://id.example.com
            jwks_uri: https://id.example.com/jwks
        """

    @Test func theKeysAreReadAndBadValuesNamed() throws {
        let configuration = try ConfigurationLoader.load(
            yaml: Self.issuer
                + "\n    trailing_slash: ignored\n    additional_audiences: [api://notes-mcp, 3f2a-client]")
        #expect(configuration.issuers[0].audiencePolicy.trailingSlash == .ignored)
        #expect(configuration.issuers[0].audiencePolicy.additionalAudiences == ["api://notes-mcp", "3f2a-client"])
        #expect(try ConfigurationLoader.load(yaml: Self.issuer).issuers[0].audiencePolicy.additionalAudiences == [])
        // Per issuer, so accepted by every endpoint: with the two default endpoints that is said at start-up.
        #expect(configuration.warnings.contains { $0.contains("are accepted by every endpoint (claude, openai)") })
        #expect(try ConfigurationLoader.load(yaml: Self.issuer).warnings == [])
        for (yaml, key) in [
            ("trailing_slash: sometimes", "issuers[0].trailing_slash"),
            ("additional_audiences: []", "issuers[0].additional_audiences"),
            ("additional_audiences: [\"api://a b\"]", "issuers[0].additional_audiences[0]"),
            ("additional_audiences: [\"\"]", "issuers[0].additional_audiences[0]"),
            ("additional_audiences: api://notes-mcp", "issuers[0].additional_audiences"),
        ] {
            do {
                _ = try ConfigurationLoader.load(yaml: Self.issuer + "\n    " + yaml)
                Issue.record("\(yaml) was accepted")
            } catch {
                #expect(error.key == key, "\(yaml)")
            }
        }
    }

    /// The status of `whoami` on the Claude-style endpoint for a token naming `audience`, with `policy`; its
    /// `auth.decision` event goes to `log`.
    func status(
        audience: String, policy: AudiencePolicy, log: LogCapture = LogCapture()
    ) async throws -> HTTPResponse.Status {
        var configuration = try Support.configuration()
        configuration.issuers[0].audiencePolicy = policy
        let token = try Support.token(audience: audience)
        let status = Mutex(HTTPResponse.Status(code: 0))
        try await Support.withServer(configuration, log: log) { server in
            try await Application(router: server.router).test(.router) { client in
                try await Support.callTool(client, "/mcp/claude", "whoami", token: token) { response in
                    status.withLock { $0 = response.status }
                }
            }
        }
        return status.withLock { $0 }
    }

    @Test func anExtraAudienceIsAcceptedOnlyWhenConfigured() async throws {
        #expect(try await status(audience: "api://notes-mcp", policy: AudiencePolicy()) == .unauthorized)
        let log = LogCapture()
        #expect(
            try await status(
                audience: "api://notes-mcp", policy: AudiencePolicy(additionalAudiences: ["api://notes-mcp"]), log: log)
                == .ok)
        // The widened acceptance is in the audit record; a canonical match adds nothing.
        let events = log.all.filter { $0.contains("auth.decision") }
        #expect(events.count == 1 && events[0].contains("audience_match=additional_audience api://notes-mcp"))
        let canonical = LogCapture()
        _ = try await status(audience: Support.origin + "/mcp/claude", policy: AudiencePolicy(), log: canonical)
        #expect(canonical.all.contains { $0.contains("auth.decision") && !$0.contains("audience_match") })
        #expect(
            try await status(audience: "api://other", policy: AudiencePolicy(additionalAudiences: ["api://notes-mcp"]))
                == .unauthorized)
    }

    @Test func aTrailingSlashIsSignificantUnlessConfigured() async throws {
        let slashed = Support.origin + "/mcp/claude/"
        #expect(try await status(audience: slashed, policy: AudiencePolicy()) == .unauthorized)
        let log = LogCapture()
        #expect(try await status(audience: slashed, policy: AudiencePolicy(trailingSlash: .ignored), log: log) == .ok)
        #expect(log.all.contains { $0.contains("auth.decision") && $0.contains("audience_match=trailing_slash") })
    }
}
