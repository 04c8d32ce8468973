public import Hummingbird
public import MCPCore
public import ProtectedResource
public import TokenVerification

/// One per-client endpoint: its resource URI (and so its path and audience), how it asks for authorization, and
/// its protected-resource metadata. The presets are data, not code paths (DESIGN.md §2).
///
/// ```swift
/// let router = Router()
/// router.addMCPEndpoint(.claude(resource: "https://mcp.example.com/mcp/claude", authorizationServers: [issuer]),
///                       dispatcher: dispatcher, verifier: verifier)
/// router.addMCPEndpoint(.openAI(resource: "https://mcp.example.com/mcp/openai", authorizationServers: [issuer]),
///                       dispatcher: dispatcher, verifier: verifier)
/// ```
public struct EndpointProfile: Sendable {
    /// The name handlers see (`context.endpoint`).
    public var name: String
    /// The canonical resource URI; its path is where the endpoint is served.
    public var resource: String
    /// How clients are asked to authorize.
    public var style: BearerAuthorization.ChallengeStyle
    /// Whether tool descriptors carry `securitySchemes`.
    public var includeSecuritySchemes: Bool
    /// Scopes every operation needs.
    public var baseScopes: [String]
    /// Scopes named in a no-token challenge; all the backend's scopes when `nil`.
    public var advertisedScopes: [String]?
    /// Authorization servers for the metadata (primary first).
    public var authorizationServers: [String]
    /// `resource_name` in the metadata.
    public var resourceName: String?
    /// `resource_documentation` in the metadata.
    public var resourceDocumentation: String?
    /// Scopes advertised in `scopes_supported` besides the backend's (for example OIDC `openid`, `email`, `profile`
    /// for ChatGPT); `offline_access` is never advertised.
    public var additionalScopes: [String] = []
    /// Whether this endpoint's metadata is also served at the origin's root well-known URL.
    public var servesRootMetadata: Bool
    /// Further transport settings (response mode, origins, limits); `endpointName` and
    /// `includeSecuritySchemes` are taken from the profile.
    public var transport: StreamableHTTPConfiguration

    /// Creates a profile.
    public init(
        name: String, resource: String, style: BearerAuthorization.ChallengeStyle, includeSecuritySchemes: Bool,
        authorizationServers: [String], baseScopes: [String] = [], advertisedScopes: [String]? = nil,
        resourceName: String? = nil, servesRootMetadata: Bool = false,
        transport: StreamableHTTPConfiguration = StreamableHTTPConfiguration()
    ) {
        self.name = name
        self.resource = resource
        self.style = style
        self.includeSecuritySchemes = includeSecuritySchemes
        self.authorizationServers = authorizationServers
        self.baseScopes = baseScopes
        self.advertisedScopes = advertisedScopes
        self.resourceName = resourceName
        self.servesRootMetadata = servesRootMetadata
        self.transport = transport
    }

    /// Claude-style: transport-level 401/403 challenges, standard descriptors, root metadata served.
    public static func claude(resource: String, authorizationServers: [String]) -> EndpointProfile {
        EndpointProfile(
            name: "claude", resource: resource, style: .transport, includeSecuritySchemes: false,
            authorizationServers: authorizationServers, servesRootMetadata: true)
    }

    /// OpenAI Apps SDK style: anonymous discovery and `noauth` tools, tool-level challenges, `securitySchemes`.
    public static func openAI(resource: String, authorizationServers: [String]) -> EndpointProfile {
        EndpointProfile(
            name: "openai", resource: resource, style: .toolLevel, includeSecuritySchemes: true,
            authorizationServers: authorizationServers)
    }

    /// The metadata document: the backend's scopes plus ``additionalScopes``.
    public func metadata(scopes: [String]) -> ProtectedResourceMetadata {
        ProtectedResourceMetadata(
            resource: resource, authorizationServers: authorizationServers, scopesSupported: scopes + additionalScopes,
            resourceName: resourceName, resourceDocumentation: resourceDocumentation)
    }
}

extension Router {
    /// Mounts `profile`: the MCP endpoint at the path of its resource URI, protected by `verifier`, and its RFC 9728
    /// metadata. Returns the endpoint (for session counts and sweeping).
    /// - Throws: ``ConfigurationError`` when the profile's resource or metadata cannot work.
    @discardableResult
    public func addMCPEndpoint(_ profile: EndpointProfile, dispatcher: MCPDispatcher, verifier: AccessTokenVerifier)
        throws(ConfigurationError) -> StreamableHTTPEndpoint
    {
        guard let location = WellKnownLocation(resource: profile.resource),
            let resource = ResourceIdentifier(profile.resource)
        else {
            throw ConfigurationError(
                "endpoint \(profile.name): resource \"\(profile.resource)\" must be an absolute http(s) URL without a fragment"
            )
        }
        if let problem = profile.metadata(scopes: []).problems.first {
            throw ConfigurationError("endpoint \(profile.name): \(problem)")
        }
        // Base scopes are needed by every operation, so they are always advertised: without them in the no-token
        // challenge and `scopes_supported`, a client's first token would always get 403.
        let scopes =
            profile.baseScopes + dispatcher.backend.snapshot.allScopes.filter { !profile.baseScopes.contains($0) }
        let advertised = profile.advertisedScopes.map { listed in
            profile.baseScopes + listed.filter { !profile.baseScopes.contains($0) }
        }
        let authorization = BearerAuthorization(
            verifier: verifier, resource: resource, metadataURL: location.url, baseScopes: profile.baseScopes,
            advertisedScopes: advertised ?? scopes, style: profile.style)
        var transport = profile.transport
        transport.endpointName = profile.name
        transport.includeSecuritySchemes = profile.includeSecuritySchemes
        let endpoint = StreamableHTTPEndpoint(
            dispatcher: dispatcher, configuration: transport, authorization: authorization)
        addMCPEndpoint(endpoint, at: RouterPath(location.resourcePath.isEmpty ? "/" : location.resourcePath))
        addProtectedResourceMetadata(profile.metadata(scopes: scopes), atRoot: profile.servesRootMetadata)
        return endpoint
    }
}
