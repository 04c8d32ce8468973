/// `gatehouse serve` without a configuration file: loopback only, the development issuer (keys in `Keys/`, public
/// to anyone who reads the repository), both endpoint presets and the example backend. For trying Gatehouse out;
/// never for production (validation refuses development keys on a non-loopback listener).
public enum EmbeddedDefault {
    /// The folder of development keys.
    public static let keysDirectory = "Keys"
    /// The development issuer's path on this server (its JWKS and metadata are served under it).
    public static let issuerPath = "/dev-issuer"

    /// Both presets at their default paths.
    public static let endpoints = [
        GatehouseConfiguration.EndpointSettings(name: "claude", preset: .claude, path: "/mcp/claude"),
        GatehouseConfiguration.EndpointSettings(name: "openai", preset: .openai, path: "/mcp/openai"),
    ]

    /// The embedded default: `base`'s server, logging and metrics settings with the development issuer at
    /// `origin/dev-issuer`, both presets and the example backend.
    public static func configuration(_ base: GatehouseConfiguration = GatehouseConfiguration())
        -> GatehouseConfiguration
    {
        var configuration = base
        configuration.backend = "example"
        configuration.issuers = [
            GatehouseConfiguration.IssuerSettings(
                issuer: configuration.server.origin + issuerPath, keys: .development(directory: keysDirectory))
        ]
        configuration.endpoints = endpoints
        return configuration
    }
}
