public import GatehouseServer
import GatehouseTesting

/// The development issuer's sign-in for a server built from a ``GatehouseServer/GatehouseConfiguration``: built when
/// the configuration has a development issuer (the embedded default, or an issuer with `development_keys`, which the
/// configuration allows on loopback only), for every endpoint's resource. `gatehouse serve` and scaffolded servers
/// (`gatehouse init`) use it:
///
/// ```swift
/// let signIn = try DevelopmentSignIn.server(for: configuration, scopes: backend.snapshot.allScopes)
/// let server = try GatehouseServer(
///     configuration: configuration, backend: backend, developmentIssuerMetadata: signIn?.metadata ?? [:])
/// signIn?.addRoutes(to: server.router)
/// ```
public enum DevelopmentSignIn {
    /// The authorization server, or nil without a development issuer.
    /// - Parameter scopes: every scope the backend and endpoints use (`scopes_supported`).
    /// - Throws: ``GatehouseServer/ConfigurationProblem`` when the keys cannot be read or the issuer is not on
    ///   loopback.
    public static func server(for configuration: GatehouseConfiguration, scopes: [String]) throws(ConfigurationProblem)
        -> DevelopmentAuthorizationServer?
    {
        guard let development = configuration.developmentIssuer else { return nil }
        let index = configuration.issuers.firstIndex { $0.issuer == development.issuer } ?? 0
        let key = "issuers[\(index)].development_keys"
        let issuer: DevelopmentIssuer
        do {
            issuer = try DevelopmentIssuer(directory: development.directory, issuer: development.issuer)
        } catch {
            throw ConfigurationProblem(key: key, value: development.directory, fix: "\(error)")
        }
        var settings = DevelopmentAuthorizationServer.Settings()
        settings.autoApprove = configuration.development.autoApprove
        var allScopes = configuration.endpoints.flatMap(\.baseScopes)
        for scope in scopes where !allScopes.contains(scope) { allScopes.append(scope) }
        let resources = configuration.endpoints.map { endpoint in
            DevelopmentAuthorizationServer.Resource(
                identifier: configuration.resource(of: endpoint), defaultScopes: endpoint.baseScopes)
        }
        do {
            return try DevelopmentAuthorizationServer(
                issuer: issuer, resources: resources, scopes: allScopes, settings: settings)
        } catch {
            throw ConfigurationProblem(key: key, value: development.issuer, fix: error.description)
        }
    }
}
