import Foundation
import MCPGateway
import Yams

extension ConfigurationLoader {
    /// The keys of one upstream (docs/gateway.md).
    static let upstreamKeys = [
        "url", "command", "environment", "inherit_environment", "working_directory", "process_per_principal", "prefix",
        "tools", "resources",
        "prompts", "header", "oauth", "token_exchange", "forward_identity", "timeout_seconds", "max_response_bytes",
        "refresh_seconds", "max_sessions", "max_notifications_per_request",
        "session_idle_seconds", "request_state",
    ]

    /// `upstreams:`: a mapping of names to upstreams, in order (earlier upstreams win a name both serve).
    static func readUpstreams(_ node: ConfigNode, environment: [String: String]) throws(ConfigurationProblem)
        -> [UpstreamConfiguration]
    {
        var upstreams: [UpstreamConfiguration] = []
        for (name, value) in try node.entries() {
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), name.count <= 64 else {
                throw ConfigurationProblem(
                    key: value.path, fix: "an upstream name is letters, digits, - and _ (at most 64)")
            }
            upstreams.append(try readUpstream(value, name: name, environment: environment))
        }
        return upstreams
    }

    static func readUpstream(_ node: ConfigNode, name: String, environment: [String: String])
        throws(ConfigurationProblem) -> UpstreamConfiguration
    {
        let members = try node.mapping(allowed: upstreamKeys)
        let transport: UpstreamConfiguration.Transport
        switch (members["url"], members["command"]) {
        case (let url?, nil):
            transport = .http(try upstreamURL(url))
        case (nil, let command?):
            transport = .stdio(try readCommand(command, members: members))
        default:
            throw ConfigurationProblem(
                key: node.path, fix: "give exactly one of url (Streamable HTTP) or command (a stdio server)")
        }
        if case .http = transport {
            for key in ["environment", "inherit_environment", "working_directory", "process_per_principal"]
            where members[key] != nil {
                throw ConfigurationProblem(key: "\(node.path).\(key)", fix: "only a command upstream has \(key)")
            }
        } else {
            for key in ["header", "oauth", "token_exchange", "forward_identity"] where members[key] != nil {
                throw ConfigurationProblem(
                    key: "\(node.path).\(key)", fix: "only a url upstream has \(key) (a stdio server gets no headers)")
            }
        }
        var upstream = UpstreamConfiguration(name: name, transport: transport)
        if let value = members["prefix"] { upstream.prefix = try value.string() }
        if let value = members["tools"] { upstream.tools = try readRules(value) }
        if let value = members["resources"] { upstream.resources = try readRules(value) }
        if let value = members["prompts"] { upstream.prompts = try readRules(value) }
        if let value = members["forward_identity"] { upstream.forwardsIdentity = try value.bool() }
        if let value = members["max_notifications_per_request"] {
            upstream.maximumRelayedNotifications = try value.integer(in: 0...1_000_000)
        }
        if let value = members["process_per_principal"] { upstream.processPerPrincipal = try value.bool() }
        if let value = members["timeout_seconds"] { upstream.timeout = .seconds(try value.seconds(in: 0.1...3600)) }
        if let value = members["max_response_bytes"] {
            upstream.maximumResponseBytes = try value.integer(in: 1024...(1 << 30))
        }
        if let value = members["refresh_seconds"] {
            upstream.refreshInterval = .seconds(try value.seconds(in: 1...86400))
        }
        if let value = members["max_sessions"] { upstream.maximumSessions = try value.integer(in: 1...1_000_000) }
        if let value = members["session_idle_seconds"] {
            upstream.sessionIdleTimeout = .seconds(try value.seconds(in: 1...86400))
        }
        if let value = members["request_state"] {
            try readRequestState(value, into: &upstream, environment: environment)
        }
        let credentialKeys = ["header", "oauth", "token_exchange"].filter { members[$0] != nil }
        guard credentialKeys.count <= 1 else {
            throw ConfigurationProblem(
                key: node.path, fix: "give at most one of header, oauth or token_exchange (the gateway's credential)")
        }
        if case .http(let url) = transport {
            if let header = members["header"] {
                upstream.credentials = try readHeader(header, environment: environment)
            }
            if let oauth = members["oauth"] {
                upstream.credentials = try readClientCredentials(oauth, upstream: url, environment: environment)
            }
            if let exchange = members["token_exchange"] {
                try readTokenExchange(exchange, into: &upstream, url: url, environment: environment)
            }
        }
        return upstream
    }

    /// An `http(s)` URL with a host (plain `http` is accepted: upstreams often sit on a private network).
    static func upstreamURL(_ node: ConfigNode) throws(ConfigurationProblem) -> URL {
        let text = try node.string()
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false, url.user == nil, url.password == nil
        else {
            throw ConfigurationProblem(
                key: node.path, value: text,
                fix: "an http:// or https:// URL of the upstream's MCP endpoint, without credentials in it")
        }
        return url
    }

    /// `command:` as one line (split into words, no shell) or a list of words.
    static func readCommand(_ node: ConfigNode, members: [String: ConfigNode]) throws(ConfigurationProblem)
        -> UpstreamCommand
    {
        var command: UpstreamCommand
        if node.node.scalar != nil {
            let line = try node.string()
            guard let parsed = UpstreamCommand(commandLine: line) else {
                throw ConfigurationProblem(key: node.path, value: line, fix: "an unterminated quote or trailing \\")
            }
            command = parsed
        } else {
            let words = try node.strings()
            guard let first = words.first else { throw ConfigurationProblem(key: node.path, fix: "must not be empty") }
            command = UpstreamCommand(executable: first, arguments: Array(words.dropFirst()))
        }
        if let value = members["environment"] {
            for (name, entry) in try value.entries() { command.environment[name] = try entry.string() }
        }
        if let value = members["working_directory"] { command.workingDirectory = try value.string() }
        if let value = members["inherit_environment"] { command.inheritsEnvironment = try value.bool() }
        return command
    }

    /// A rule mapping: pattern → a list of scopes (`[]`: any token of the endpoint), `noauth` or `deny`.
    static func readRules(_ node: ConfigNode) throws(ConfigurationProblem) -> AccessRules {
        var rules: [AccessRule] = []
        for (pattern, value) in try node.entries() {
            if value.node.scalar == nil {
                rules.append(AccessRule(pattern, .scopes(try value.strings())))
                continue
            }
            switch try value.choice(["noauth", "deny"]) {
            case "noauth": rules.append(AccessRule(pattern, .noauth))
            default: rules.append(AccessRule(pattern, .deny))
            }
        }
        return AccessRules(rules)
    }

    /// `oauth: {token_endpoint:, client_id:, client_secret_file: | client_secret_env:, scope:, resource:}`: the
    /// gateway's own token from the upstream's authorization server (client credentials, RFC 6749 §4.4); `resource`
    /// (RFC 8707) defaults to the upstream's URL.
    static func readClientCredentials(_ node: ConfigNode, upstream: URL, environment: [String: String])
        throws(ConfigurationProblem) -> OAuthClientCredentials
    {
        let members = try node.mapping(allowed: [
            "token_endpoint", "client_id", "client_secret_file", "client_secret_env", "scope", "resource",
        ])
        let client = try readTokenEndpointClient(members, at: node, environment: environment)
        return OAuthClientCredentials(
            tokenEndpoint: client.url, clientID: client.id, clientSecret: client.secret,
            scope: try members["scope"]?.string(),
            resource: try members["resource"]?.string() ?? upstream.absoluteString)
    }

    /// `token_exchange: {token_endpoint:, client_id:, client_secret_file: | client_secret_env:, audience:, scope:,
    /// resource:}`: each caller's token exchanged for one for the upstream (RFC 8693), the lists fetched with the same
    /// client's own token (client credentials). `resource` defaults to the upstream's URL. A `noauth` rule is refused:
    /// an anonymous call has no token to exchange.
    static func readTokenExchange(
        _ node: ConfigNode, into upstream: inout UpstreamConfiguration, url: URL, environment: [String: String]
    ) throws(ConfigurationProblem) {
        let members = try node.mapping(allowed: [
            "token_endpoint", "client_id", "client_secret_file", "client_secret_env", "audience", "scope", "resource",
        ])
        let client = try readTokenEndpointClient(members, at: node, environment: environment)
        let scope = try members["scope"]?.string()
        let resource = try members["resource"]?.string() ?? url.absoluteString
        let rules = [upstream.tools, upstream.resources, upstream.prompts].flatMap(\.rules)
        if let rule = rules.first(where: { $0.access == .noauth }) {
            throw ConfigurationProblem(
                key: node.path, value: rule.pattern.description,
                fix: "a token_exchange upstream cannot serve noauth names (an anonymous call has no token to exchange)")
        }
        upstream.tokenExchange = TokenExchange(
            tokenEndpoint: client.url, clientID: client.id, clientSecret: client.secret, resource: resource,
            audience: try members["audience"]?.string(), scope: scope, maximumEntries: upstream.maximumSessions)
        upstream.credentials = OAuthClientCredentials(
            tokenEndpoint: client.url, clientID: client.id, clientSecret: client.secret, scope: scope,
            resource: resource)
    }

    /// The `token_endpoint` (https, or http to a loopback host: the client secret is sent to it), `client_id` and
    /// client secret of an `oauth` or `token_exchange` block.
    static func readTokenEndpointClient(
        _ members: [String: ConfigNode], at node: ConfigNode, environment: [String: String]
    ) throws(ConfigurationProblem) -> (url: URL, id: String, secret: String) {
        guard let endpointNode = members["token_endpoint"], let clientNode = members["client_id"] else {
            throw ConfigurationProblem(key: node.path, fix: "token_endpoint and client_id are required")
        }
        let endpoint = try endpointNode.string()
        try ConfigurationValidation.requireSecureURL(endpoint, key: endpointNode.path)
        guard let url = URL(string: endpoint) else {
            throw ConfigurationProblem(key: endpointNode.path, value: endpoint, fix: "not a URL")
        }
        return (url, try clientNode.string(), try clientSecret(members, at: node, environment: environment).value)
    }

    /// `header: {name:, value_file: | value_env:}`: the gateway's own credential for the upstream.
    /// `request_state: {secret_file: | secret_env:, lifetime_seconds:}`: how the upstream's 2026-07-28
    /// `requestState` is sealed for callers (docs/gateway.md, "Questions the upstream asks"). The secret (at least 32
    /// bytes) is needed only when several gateway instances share callers; `lifetime_seconds` bounds how long a
    /// caller may take to answer.
    static func readRequestState(
        _ node: ConfigNode, into upstream: inout UpstreamConfiguration, environment: [String: String]
    ) throws(ConfigurationProblem) {
        let members = try node.mapping(allowed: ["secret_file", "secret_env", "lifetime_seconds"])
        let secret: Secret?
        switch (members["secret_file"], members["secret_env"]) {
        case (nil, nil): secret = nil
        case (let file?, nil): secret = try Secret.file(try file.string(), key: file.path)
        case (nil, let variable?):
            secret = try Secret.environment(try variable.string(), key: variable.path, environment: environment)
        default: throw ConfigurationProblem(key: node.path, fix: "give at most one of secret_file or secret_env")
        }
        if let secret, secret.value.utf8.count < 32 {
            throw ConfigurationProblem(
                key: node.path, fix: "the secret must be at least 32 bytes (for example: openssl rand -base64 32)")
        }
        upstream.requestStateSecret = secret?.value
        if let value = members["lifetime_seconds"] {
            upstream.requestStateLifetime = .seconds(try value.seconds(in: 10...86400))
        }
    }

    static func readHeader(_ node: ConfigNode, environment: [String: String]) throws(ConfigurationProblem)
        -> StaticHeaderCredentials
    {
        let members = try node.mapping(allowed: ["name", "value_file", "value_env"])
        guard let nameNode = members["name"] else {
            throw ConfigurationProblem(key: "\(node.path).name", fix: "required: the header field's name")
        }
        let name = try nameNode.string()
        guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
            throw ConfigurationProblem(key: nameNode.path, value: name, fix: "a header field name (RFC 9110 token)")
        }
        let secret: Secret
        switch (members["value_file"], members["value_env"]) {
        case (let file?, nil): secret = try Secret.file(try file.string(), key: file.path)
        case (nil, let variable?):
            secret = try Secret.environment(try variable.string(), key: variable.path, environment: environment)
        default:
            throw ConfigurationProblem(
                key: node.path, fix: "give the value as exactly one of value_file or value_env (never inline)")
        }
        guard !secret.value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw ConfigurationProblem(key: node.path, fix: "the header value must be one line")
        }
        return StaticHeaderCredentials(name: name, value: secret.value)
    }
}
