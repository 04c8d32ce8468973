public import AsyncHTTPClient
public import TokenVerification

/// What one endpoint of a configuration checks an access token against — the same issuers, keys, policies and
/// resource the server builds — so `gatehouse token inspect --config FILE --endpoint NAME` judges a token exactly
/// as that endpoint would.
public struct EndpointTokenRules: Sendable {
    /// The endpoint's name.
    public let endpoint: String
    /// The verifier over the configuration's issuers (no cache: every check runs).
    public let verifier: AccessTokenVerifier
    /// The endpoint's canonical resource (RFC 8707 §2): `aud` must name it.
    public let resource: ResourceIdentifier
    /// The scopes every operation of the endpoint needs (`base_scopes`).
    public let baseScopes: [String]

    /// The rules of the endpoint named `name` in `configuration`.
    /// - Parameters:
    ///   - httpClient: fetches remote key sets and calls introspection, as the server's does.
    ///   - clock: the time the checks run at.
    /// - Throws: ``ConfigurationProblem`` when no endpoint has that name, or an issuer's keys cannot be loaded.
    public init(
        of configuration: GatehouseConfiguration, endpoint name: String, httpClient: HTTPClient = .gatehouse,
        clock: any WallClock = SystemWallClock()
    ) throws(ConfigurationProblem) {
        guard let settings = configuration.endpoints.first(where: { $0.name == name }) else {
            throw ConfigurationProblem(
                key: "endpoints", value: name,
                fix: "no endpoint has that name; the configuration's endpoints are "
                    + configuration.endpoints.map(\.name).joined(separator: ", "))
        }
        let resource = configuration.resource(of: settings)
        guard let identifier = ResourceIdentifier(resource) else {
            throw ConfigurationProblem(
                key: "endpoints.\(name).resource", value: resource, fix: "the resource must be an absolute URI")
        }
        let issuers = try TrustedIssuers(configuration.issuers, httpClient: httpClient)
        endpoint = name
        verifier = AccessTokenVerifier(registry: issuers.registry, cache: nil, clock: clock)
        self.resource = identifier
        baseScopes = settings.baseScopes
    }
}

extension GatehouseConfiguration {
    /// The resource URI an endpoint serves: its `resource`, or the public origin and its path.
    public func resource(of settings: EndpointSettings) -> String {
        settings.resource ?? server.origin + settings.path
    }
}
