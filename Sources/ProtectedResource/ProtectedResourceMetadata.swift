public import GatehouseJSON

/// An OAuth 2.0 Protected Resource Metadata document (RFC 9728 §2): what a client needs to obtain a token for
/// this resource.
///
/// Empty and unset fields are omitted from the document (RFC 9728 §2: "omitted if not used"); `offline_access`
/// is never listed in `scopes_supported` (it is an authorization-server concept, and MCP 2026-07-28 says not to
/// advertise it).
///
/// ```swift
/// let metadata = ProtectedResourceMetadata(
///     resource: "https://mcp.example.com/mcp",
///     authorizationServers: ["https://id.example.com"],
///     scopesSupported: ["notes.read", "notes.write"],
///     resourceName: "Notes"
/// )
/// let body = JSONWriter.serialize(metadata.json)
/// ```
public struct ProtectedResourceMetadata: Sendable, Hashable {
    /// `resource` (REQUIRED): the resource identifier, exactly as clients use it (§3.3 requires it to be identical
    /// to the URL the metadata was requested for).
    public var resource: String
    /// `authorization_servers`: issuers that can issue tokens for this resource, the primary one first (Claude
    /// uses only the first).
    public var authorizationServers: [String]
    /// `scopes_supported`.
    public var scopesSupported: [String]
    /// `bearer_methods_supported`: only `header` (tokens in query strings or bodies are refused).
    public var bearerMethodsSupported: [String]
    /// `resource_name`: a human-readable name.
    public var resourceName: String?
    /// `resource_documentation`: a page for developers.
    public var resourceDocumentation: String?
    /// `resource_policy_uri`.
    public var resourcePolicyURI: String?
    /// `resource_tos_uri`.
    public var resourceTermsOfServiceURI: String?
    /// `jwks_uri`: the resource's own keys (only for signed responses or metadata).
    public var jwksURI: String?
    /// `resource_signing_alg_values_supported`.
    public var resourceSigningAlgorithms: [String]
    /// `dpop_signing_alg_values_supported` (RFC 9449).
    public var dpopSigningAlgorithms: [String]
    /// `dpop_bound_access_tokens_required` (RFC 9449).
    public var dpopBoundAccessTokensRequired: Bool?
    /// `tls_client_certificate_bound_access_tokens` (RFC 8705).
    public var tlsClientCertificateBoundAccessTokens: Bool?
    /// Further members (for example provider-specific ones), written as given.
    public var additionalMembers: [String: JSONValue]

    /// Creates a metadata document.
    public init(
        resource: String,
        authorizationServers: [String],
        scopesSupported: [String] = [],
        bearerMethodsSupported: [String] = ["header"],
        resourceName: String? = nil,
        resourceDocumentation: String? = nil,
        resourcePolicyURI: String? = nil,
        resourceTermsOfServiceURI: String? = nil,
        jwksURI: String? = nil,
        resourceSigningAlgorithms: [String] = [],
        dpopSigningAlgorithms: [String] = [],
        dpopBoundAccessTokensRequired: Bool? = nil,
        tlsClientCertificateBoundAccessTokens: Bool? = nil,
        additionalMembers: [String: JSONValue] = [:]
    ) {
        self.resource = resource
        self.authorizationServers = authorizationServers
        self.scopesSupported = scopesSupported
        self.bearerMethodsSupported = bearerMethodsSupported
        self.resourceName = resourceName
        self.resourceDocumentation = resourceDocumentation
        self.resourcePolicyURI = resourcePolicyURI
        self.resourceTermsOfServiceURI = resourceTermsOfServiceURI
        self.jwksURI = jwksURI
        self.resourceSigningAlgorithms = resourceSigningAlgorithms
        self.dpopSigningAlgorithms = dpopSigningAlgorithms
        self.dpopBoundAccessTokensRequired = dpopBoundAccessTokensRequired
        self.tlsClientCertificateBoundAccessTokens = tlsClientCertificateBoundAccessTokens
        self.additionalMembers = additionalMembers
    }

    /// The document as JSON, empty members omitted.
    public var json: JSONValue {
        var document = additionalMembers
        document["resource"] = .string(resource)
        func strings(_ name: String, _ values: [String]) {
            var unique: [String] = []
            for value in values where !unique.contains(value) { unique.append(value) }
            if !unique.isEmpty { document[name] = .array(unique.map(JSONValue.string)) }
        }
        func string(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { document[name] = .string(value) }
        }
        strings("authorization_servers", authorizationServers)
        strings("scopes_supported", scopesSupported.filter { $0 != "offline_access" })
        strings("bearer_methods_supported", bearerMethodsSupported)
        string("resource_name", resourceName)
        string("resource_documentation", resourceDocumentation)
        string("resource_policy_uri", resourcePolicyURI)
        string("resource_tos_uri", resourceTermsOfServiceURI)
        string("jwks_uri", jwksURI)
        strings("resource_signing_alg_values_supported", resourceSigningAlgorithms)
        strings("dpop_signing_alg_values_supported", dpopSigningAlgorithms)
        if let dpopBoundAccessTokensRequired {
            document["dpop_bound_access_tokens_required"] = .bool(dpopBoundAccessTokensRequired)
        }
        if let tlsClientCertificateBoundAccessTokens {
            document["tls_client_certificate_bound_access_tokens"] = .bool(tlsClientCertificateBoundAccessTokens)
        }
        return .object(document)
    }

    /// Problems that make the document unusable (RFC 9728 §2 and MCP's requirements), for start-up validation.
    public var problems: [String] {
        var problems: [String] = []
        if WellKnownLocation(resource: resource) == nil {
            problems.append("resource \"\(resource)\" is not an absolute http(s) URL")
        }
        if resource.contains("#") { problems.append("resource must not contain a fragment (RFC 9728 §1.2)") }
        if authorizationServers.isEmpty {
            problems.append("at least one authorization server is required (MCP authorization)")
        }
        if bearerMethodsSupported.contains("query") {
            problems.append("tokens in the query string are not allowed (MCP, OAuth 2.1)")
        }
        return problems
    }
}
