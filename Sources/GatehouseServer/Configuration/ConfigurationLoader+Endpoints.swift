import MCPHTTP

extension ConfigurationLoader {
    static let endpointKeys = [
        "name", "preset", "path", "resource", "authorization_servers", "base_scopes", "advertised_scopes",
        "additional_scopes", "resource_name", "resource_documentation", "root_metadata", "response_mode",
        "allowed_origins", "max_body_bytes", "max_sessions", "max_sessions_per_principal", "session_idle_seconds",
        "replay_events", "get_stream", "max_batch_messages", "max_batch_response_bytes", "max_subscriptions",
        "max_subscriptions_per_principal", "subscription_lifetime_seconds", "replay_bytes", "replay_total_bytes",
        "upstreams", "lists",
    ]

    static func readEndpoint(_ node: ConfigNode) throws(ConfigurationProblem) -> GatehouseConfiguration.EndpointSettings
    {
        let members = try node.mapping(allowed: endpointKeys)
        guard let presetNode = members["preset"] else {
            throw ConfigurationProblem(key: "\(node.path).preset", fix: "required: claude or openai")
        }
        let preset =
            GatehouseConfiguration.EndpointSettings.Preset(rawValue: try presetNode.choice(["claude", "openai"]))
            ?? .claude
        let name = try members["name"]?.string() ?? preset.rawValue
        let path = try members["path"]?.string() ?? "/mcp/\(name)"
        var endpoint = GatehouseConfiguration.EndpointSettings(name: name, preset: preset, path: path)
        if let value = members["resource"] { endpoint.resource = try value.string() }
        if let value = members["authorization_servers"] { endpoint.authorizationServers = try value.strings() }
        if let value = members["base_scopes"] { endpoint.baseScopes = try value.strings() }
        if let value = members["advertised_scopes"] { endpoint.advertisedScopes = try value.strings() }
        if let value = members["additional_scopes"] { endpoint.additionalScopes = try value.strings() }
        if let value = members["resource_name"] { endpoint.resourceName = try value.string() }
        if let value = members["resource_documentation"] { endpoint.resourceDocumentation = try value.string() }
        if let value = members["root_metadata"] { endpoint.servesRootMetadata = try value.bool() }
        if let value = members["lists"] {
            endpoint.transport.listsOnlyPermitted = try value.choice(["all", "permitted"]) == "permitted"
        }
        if let value = members["upstreams"] {
            let names = try value.strings()
            guard !names.isEmpty else {
                throw ConfigurationProblem(
                    key: value.path, fix: "name at least one upstream, or leave the key out to serve them all")
            }
            endpoint.upstreams = names
        }
        try readTransport(members, into: &endpoint.transport)
        return endpoint
    }

    private static func readTransport(
        _ members: [String: ConfigNode], into transport: inout StreamableHTTPConfiguration
    ) throws(ConfigurationProblem) {
        if let value = members["response_mode"] {
            switch try value.choice(["automatic", "json", "sse"]) {
            case "json": transport.responseMode = .json
            case "sse": transport.responseMode = .sse
            default: transport.responseMode = .automatic
            }
        }
        if let value = members["allowed_origins"] { transport.allowedOrigins = Set(try value.strings()) }
        if let value = members["max_body_bytes"] {
            transport.maximumBodyBytes = try value.integer(in: 1024...67_108_864)
        }
        if let value = members["max_sessions"] { transport.maximumSessions = try value.integer(in: 1...1_000_000) }
        if let value = members["max_sessions_per_principal"] {
            transport.maximumSessionsPerPrincipal = try value.integer(in: 1...1_000_000)
        }
        if let value = members["session_idle_seconds"] {
            transport.sessionIdleTimeout = try value.seconds(in: 1...86_400)
        }
        if let value = members["replay_events"] { transport.replayBufferEvents = try value.integer(in: 0...65_536) }
        if let value = members["get_stream"] { transport.allowsGetStream = try value.bool() }
        if let value = members["max_batch_messages"] {
            transport.maximumBatchMessages = try value.integer(in: 1...1000)
        }
        if let value = members["max_batch_response_bytes"] {
            transport.maximumBatchResponseBytes = try value.integer(in: 1024...268_435_456)
        }
        if let value = members["max_subscriptions"] {
            transport.maximumSubscriptions = try value.integer(in: 1...100_000)
        }
        if let value = members["max_subscriptions_per_principal"] {
            transport.maximumSubscriptionsPerPrincipal = try value.integer(in: 1...10_000)
        }
        if let value = members["subscription_lifetime_seconds"] {
            transport.subscriptionLifetime = try value.seconds(in: 1...86_400)
        }
        if let value = members["replay_bytes"] { transport.replayBufferBytes = try value.integer(in: 0...268_435_456) }
        if let value = members["replay_total_bytes"] {
            transport.replayBufferTotalBytes = try value.integer(in: 0...4_294_967_296)
        }
    }
}
