import TokenVerification

extension ConfigurationLoader {
    static let issuerKeys = [
        "issuer", "jwks_uri", "metadata_url", "jwks_file", "development_keys", "shared_secret_file",
        "shared_secret_env", "algorithms", "leeway_seconds", "token_type", "scope_claim", "required_claims",
        "trailing_slash", "additional_audiences", "introspection",
    ]

    static func readIssuer(
        _ node: ConfigNode, environment: [String: String]
    ) throws(ConfigurationProblem) -> GatehouseConfiguration.IssuerSettings {
        let members = try node.mapping(allowed: issuerKeys)
        guard let issuerNode = members["issuer"] else {
            throw ConfigurationProblem(key: "\(node.path).issuer", fix: "required: the exact iss of the tokens")
        }
        let sources = [
            "jwks_uri", "metadata_url", "jwks_file", "development_keys", "shared_secret_file", "shared_secret_env",
        ]
        .filter { members[$0] != nil }
        guard sources.count == 1, let sourceKey = sources.first, let sourceNode = members[sourceKey] else {
            throw ConfigurationProblem(
                key: node.path,
                fix: sources.isEmpty
                    ? "say where the keys come from: one of jwks_uri, metadata_url, jwks_file, development_keys, shared_secret_file, shared_secret_env"
                    : "give exactly one key source, not \(sources.joined(separator: " and "))")
        }
        let keys: GatehouseConfiguration.IssuerSettings.KeySource
        switch sourceKey {
        case "jwks_uri": keys = .jwksURI(try sourceNode.string())
        case "metadata_url": keys = .metadataURL(try sourceNode.string())
        case "jwks_file": keys = .jwksFile(try sourceNode.string())
        case "development_keys": keys = .development(directory: try sourceNode.string())
        case "shared_secret_file": keys = .sharedSecret(try Secret.file(try sourceNode.string(), key: sourceNode.path))
        default:
            keys = .sharedSecret(
                try Secret.environment(try sourceNode.string(), key: sourceNode.path, environment: environment))
        }
        var algorithms: [SignatureAlgorithm]?
        if let value = members["algorithms"] { algorithms = try readAlgorithms(value) }
        var issuer = GatehouseConfiguration.IssuerSettings(
            issuer: try issuerNode.string(), keys: keys, algorithms: algorithms)
        if let value = members["leeway_seconds"] { issuer.leeway = try value.seconds(in: 0...300) }
        if let value = members["token_type"] {
            switch try value.choice(["at+jwt", "at+jwt-or-untyped", "at+jwt-or-jwt"]) {
            case "at+jwt": issuer.typePolicy = .accessToken
            case "at+jwt-or-untyped": issuer.typePolicy = .accessTokenOrUntyped
            default: issuer.typePolicy = .accessTokenOrJWT
            }
        }
        if let value = members["scope_claim"] {
            switch try value.choice(["scope", "scp", "scope-or-scp"]) {
            case "scope": issuer.scopeClaim = .scope
            case "scp": issuer.scopeClaim = .scp
            default: issuer.scopeClaim = .scopeOrScp
            }
        }
        if let value = members["required_claims"] { issuer.requiredClaims = try value.strings() }
        if let value = members["trailing_slash"] {
            issuer.audiencePolicy.trailingSlash =
                try value.choice(["significant", "ignored"]) == "ignored" ? .ignored : .significant
        }
        if let value = members["additional_audiences"] {
            issuer.audiencePolicy.additionalAudiences = try readAudiences(value)
        }
        if let value = members["introspection"] {
            issuer.introspection = try readIntrospection(value, environment: environment)
        }
        return issuer
    }

    /// Extra audiences an issuer's tokens may name instead of the endpoint's resource: a URI (Entra ID's
    /// `api://…` application ID URI; compared canonicalized) or an opaque value (an Entra v2 token's `aud` is the
    /// application's client ID), at least one, none empty or with white space.
    static func readAudiences(_ node: ConfigNode) throws(ConfigurationProblem) -> [String] {
        var audiences: [String] = []
        for element in try node.sequence() {
            let audience = try element.string()
            guard !audience.isEmpty, !audience.contains(where: \.isWhitespace) else {
                throw ConfigurationProblem(
                    key: element.path, value: audience,
                    fix: "an audience is a URI such as api://notes-mcp, or the application's client ID")
            }
            audiences.append(audience)
        }
        guard !audiences.isEmpty else {
            throw ConfigurationProblem(key: node.path, fix: "list at least one audience, or leave the key out")
        }
        return audiences
    }

    static func readAlgorithms(_ node: ConfigNode) throws(ConfigurationProblem) -> [SignatureAlgorithm] {
        var algorithms: [SignatureAlgorithm] = []
        for element in try node.sequence() {
            let name = try element.string()
            guard let algorithm = SignatureAlgorithm(name: name) else {
                throw ConfigurationProblem(
                    key: element.path, value: name,
                    fix: "unknown algorithm; one of \(SignatureAlgorithm.all.map(\.name).joined(separator: ", "))")
            }
            algorithms.append(algorithm)
        }
        guard !algorithms.isEmpty else {
            throw ConfigurationProblem(key: node.path, fix: "list at least one algorithm")
        }
        return algorithms
    }

    static func readIntrospection(
        _ node: ConfigNode, environment: [String: String]
    ) throws(ConfigurationProblem) -> GatehouseConfiguration.IntrospectionSettings {
        let members = try node.mapping(allowed: [
            "endpoint", "client_id", "client_secret_file", "client_secret_env", "active_cache_seconds",
        ])
        guard let endpoint = members["endpoint"], let clientID = members["client_id"] else {
            throw ConfigurationProblem(key: node.path, fix: "endpoint and client_id are required")
        }
        let secret = try clientSecret(members, at: node, environment: environment)
        var settings = GatehouseConfiguration.IntrospectionSettings(
            endpoint: try endpoint.string(), clientID: try clientID.string(), clientSecret: secret)
        if let value = members["active_cache_seconds"] { settings.activeCacheSeconds = try value.seconds(in: 0...3600) }
        return settings
    }

    /// `client_secret_file` or `client_secret_env` of `node` (exactly one; never inline), for introspection and for
    /// an upstream's client credentials.
    static func clientSecret(
        _ members: [String: ConfigNode], at node: ConfigNode, environment: [String: String]
    ) throws(ConfigurationProblem) -> Secret {
        switch (members["client_secret_file"], members["client_secret_env"]) {
        case (let file?, nil): return try Secret.file(try file.string(), key: file.path)
        case (nil, let variable?):
            return try Secret.environment(try variable.string(), key: variable.path, environment: environment)
        default:
            throw ConfigurationProblem(
                key: node.path,
                fix: "give the client secret as exactly one of client_secret_file or client_secret_env (never inline)")
        }
    }
}
