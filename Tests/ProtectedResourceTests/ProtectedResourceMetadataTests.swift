import GatehouseJSON
import ProtectedResource
import Testing

@Suite("Protected resource metadata (RFC 9728 §2, §3.1)")
struct ProtectedResourceMetadataTests {
    @Test("every field is written under its RFC 9728 name; empty ones are omitted")
    func fields() {
        let full = ProtectedResourceMetadata(
            resource: "https://mcp.example.com/mcp/claude",
            authorizationServers: ["https://id.example.com", "https://backup.example.com"],
            scopesSupported: ["notes.read", "notes.write", "notes.read"],
            resourceName: "Notes",
            resourceDocumentation: "https://docs.example.com",
            resourcePolicyURI: "https://example.com/policy",
            resourceTermsOfServiceURI: "https://example.com/tos",
            jwksURI: "https://mcp.example.com/jwks",
            resourceSigningAlgorithms: ["ES256"],
            dpopSigningAlgorithms: ["ES256", "EdDSA"],
            dpopBoundAccessTokensRequired: false,
            tlsClientCertificateBoundAccessTokens: false
        ).json
        #expect(full["resource"] == "https://mcp.example.com/mcp/claude")
        #expect(full["authorization_servers"] == ["https://id.example.com", "https://backup.example.com"])
        #expect(full["scopes_supported"] == ["notes.read", "notes.write"])
        #expect(full["bearer_methods_supported"] == ["header"])
        #expect(full["resource_name"] == "Notes")
        #expect(full["resource_documentation"] == "https://docs.example.com")
        #expect(full["resource_policy_uri"] == "https://example.com/policy")
        #expect(full["resource_tos_uri"] == "https://example.com/tos")
        #expect(full["jwks_uri"] == "https://mcp.example.com/jwks")
        #expect(full["resource_signing_alg_values_supported"] == ["ES256"])
        #expect(full["dpop_signing_alg_values_supported"] == ["ES256", "EdDSA"])
        #expect(full["dpop_bound_access_tokens_required"] == false)
        #expect(full["tls_client_certificate_bound_access_tokens"] == false)

        let minimal = ProtectedResourceMetadata(
            resource: "https://h/mcp", authorizationServers: ["https://id"], resourceName: ""
        ).json
        #expect(
            minimal.objectValue?.keys.sorted() == ["authorization_servers", "bearer_methods_supported", "resource"])
    }

    @Test("offline_access is never advertised")
    func noOfflineAccess() {
        let json = ProtectedResourceMetadata(
            resource: "https://h/mcp", authorizationServers: ["https://id"], scopesSupported: ["offline_access", "a"]
        ).json
        #expect(json["scopes_supported"] == ["a"])
    }

    @Test("unusable configurations are reported")
    func problems() {
        #expect(
            ProtectedResourceMetadata(resource: "https://h/mcp", authorizationServers: ["https://id"]).problems.isEmpty)
        #expect(!ProtectedResourceMetadata(resource: "https://h/mcp", authorizationServers: []).problems.isEmpty)
        #expect(!ProtectedResourceMetadata(resource: "h/mcp", authorizationServers: ["https://id"]).problems.isEmpty)
        #expect(
            !ProtectedResourceMetadata(resource: "https://h/mcp#x", authorizationServers: ["https://id"]).problems
                .isEmpty)
        #expect(
            !ProtectedResourceMetadata(
                resource: "https://h/mcp", authorizationServers: ["https://id"],
                bearerMethodsSupported: ["header", "query"]
            ).problems.isEmpty)
    }

    @Test(
        "the metadata URL inserts the well-known path between host and path",
        arguments: [
            (
                "https://mcp.example.com/mcp/claude",
                "https://mcp.example.com/.well-known/oauth-protected-resource/mcp/claude",
                "/.well-known/oauth-protected-resource/mcp/claude"
            ),
            (
                "https://mcp.example.com", "https://mcp.example.com/.well-known/oauth-protected-resource",
                "/.well-known/oauth-protected-resource"
            ),
            (
                "https://mcp.example.com/", "https://mcp.example.com/.well-known/oauth-protected-resource",
                "/.well-known/oauth-protected-resource"
            ),
            (
                "http://127.0.0.1:8080/mcp", "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-protected-resource/mcp"
            ),
            (
                "https://h/mcp?tenant=a", "https://h/.well-known/oauth-protected-resource/mcp?tenant=a",
                "/.well-known/oauth-protected-resource/mcp?tenant=a"
            ),
        ]
    )
    func wellKnown(_ resource: String, _ url: String, _ path: String) throws {
        let location = try #require(WellKnownLocation(resource: resource))
        #expect(location.url == url)
        #expect(location.path == path)
        #expect(location.rootURL.hasSuffix("/.well-known/oauth-protected-resource"))
    }

    @Test(
        "only absolute http(s) URLs without fragments have a location",
        arguments: ["mcp.example.com/mcp", "ftp://h/mcp", "https://", "https:///mcp", "https://h/mcp#f", ""])
    func noLocation(_ resource: String) {
        #expect(WellKnownLocation(resource: resource) == nil)
    }
}
