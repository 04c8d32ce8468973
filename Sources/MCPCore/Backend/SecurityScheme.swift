public import GatehouseJSON

/// How a tool may be called, as published in the OpenAI Apps SDK's per-tool `securitySchemes`.
public struct SecurityScheme: Sendable, Hashable {
    /// The scheme as JSON.
    public let json: JSONValue

    /// Callable without a token.
    public static let noAuth = SecurityScheme(json: ["type": "noauth"])

    /// Callable with an OAuth 2.0 token carrying `scopes`.
    public static func oauth2(scopes: [String]) -> SecurityScheme {
        SecurityScheme(json: ["type": "oauth2", "scopes": .array(scopes.map(JSONValue.string))])
    }
}
