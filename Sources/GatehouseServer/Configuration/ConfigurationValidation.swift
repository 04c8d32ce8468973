import MCPGateway
import Foundation
import MCPHTTP
import ProtectedResource
import TokenVerification

/// Checks that hold across keys, after overrides: each failure names the key and the fix.
enum ConfigurationValidation {
    static func validate(_ configuration: GatehouseConfiguration) throws(ConfigurationProblem) {
        try validateServer(configuration)
        guard !configuration.issuers.isEmpty else {
            throw ConfigurationProblem(key: "issuers", fix: "list at least one trusted issuer")
        }
        var seen: Set<String> = []
        for (index, issuer) in configuration.issuers.enumerated() {
            let path = "issuers[\(index)]"
            guard seen.insert(issuer.issuer).inserted else {
                throw ConfigurationProblem(key: "\(path).issuer", value: issuer.issuer, fix: "listed twice")
            }
            try validateIssuer(issuer, path: path, server: configuration.server)
        }
        try validateEndpoints(configuration)
        try validateDevelopmentAudiences(configuration)
        try validateUpstreams(configuration)
        if configuration.development.autoApprove && configuration.developmentIssuer == nil {
            throw ConfigurationProblem(
                key: "development.auto_approve",
                fix: "only the development issuer's sign-in approves requests; no issuer has development_keys")
        }
    }

    /// `backend: upstreams` needs at least one upstream; upstreams are served only by that backend; an endpoint's
    /// `upstreams` names configured ones.
    static func validateUpstreams(_ configuration: GatehouseConfiguration) throws(ConfigurationProblem) {
        if configuration.backend == "upstreams" && configuration.upstreams.isEmpty {
            throw ConfigurationProblem(
                key: "upstreams", fix: "backend is upstreams: list at least one upstream (or pass --upstream URL)")
        }
        if configuration.backend != "upstreams" && !configuration.upstreams.isEmpty {
            throw ConfigurationProblem(
                key: "backend", value: configuration.backend,
                fix: "upstreams are configured but backend is \(configuration.backend); set backend: upstreams")
        }
        let known = Set(configuration.upstreams.map(\.name))
        for (index, endpoint) in configuration.endpoints.enumerated() {
            for name in endpoint.upstreams ?? [] where !known.contains(name) {
                throw ConfigurationProblem(
                    key: "endpoints[\(index)].upstreams", value: name,
                    fix: known.isEmpty
                        ? "only a server with backend: upstreams serves upstreams"
                        : "not an upstream; these are configured: \(known.sorted().joined(separator: ", "))")
            }
        }
    }

    /// Development keys are public, so every audience they may be used for must be on this machine: an endpoint whose
    /// `resource` names a public host (served through a proxy or a tunnel) would accept tokens anyone can mint.
    static func validateDevelopmentAudiences(_ configuration: GatehouseConfiguration) throws(ConfigurationProblem) {
        guard
            let index = configuration.issuers.firstIndex(where: {
                if case .development = $0.keys { true } else { false }
            })
        else { return }
        for (position, endpoint) in configuration.endpoints.enumerated() {
            let resource = endpoint.resource ?? configuration.server.origin + endpoint.path
            guard ResourceIdentifier(resource).map({ LoopbackHost.contains($0.host) }) ?? false else {
                throw ConfigurationProblem(
                    key: "issuers[\(index)].development_keys", value: resource,
                    fix: "development keys are public; endpoints[\(position)].resource must be loopback while they are "
                        + "trusted (trust a real issuer for a server others can reach)")
            }
        }
    }

    static func validateServer(_ configuration: GatehouseConfiguration) throws(ConfigurationProblem) {
        if let publicURL = configuration.server.publicURL {
            guard let components = URLComponents(string: publicURL), ["http", "https"].contains(components.scheme),
                components.host?.isEmpty == false, components.path.isEmpty || components.path == "/",
                components.query == nil, components.fragment == nil
            else {
                throw ConfigurationProblem(
                    key: "server.public_url", value: publicURL,
                    fix: "must be an origin like https://mcp.example.com (scheme, host, optional port; no path)")
            }
        }
        if let instance = configuration.server.instanceID {
            let allowed = instance.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D
            }
            guard allowed, instance.utf8.count <= 63 else {
                throw ConfigurationProblem(
                    key: "server.instance_id", value: instance, fix: "use 1 to 63 letters, digits or hyphens")
            }
        }
        if configuration.metrics.enabled && !configuration.metrics.path.hasPrefix("/") {
            throw ConfigurationProblem(key: "metrics.path", value: configuration.metrics.path, fix: "must start with /")
        }
    }

    static func validateIssuer(
        _ issuer: GatehouseConfiguration.IssuerSettings, path: String, server: GatehouseConfiguration.ServerSettings
    ) throws(ConfigurationProblem) {
        let hmac = issuer.algorithms.filter { $0.family == .hmac }
        switch issuer.keys {
        case .jwksURI(let url):
            try requireSecureURL(url, key: "\(path).jwks_uri")
        case .metadataURL(let url):
            try requireSecureURL(url, key: "\(path).metadata_url")
        case .development:
            guard LoopbackHost.contains(server.host) else {
                throw ConfigurationProblem(
                    key: "\(path).development_keys", value: server.host,
                    fix: "development keys are public; they are only allowed when server.host is a loopback address")
            }
            // Behind a proxy the listener is loopback but the clients are not: anyone reaching the public URL could
            // present tokens minted with the repository's private keys.
            if let publicURL = server.publicURL,
                !(ResourceIdentifier(publicURL).map { LoopbackHost.contains($0.host) } ?? false)
            {
                throw ConfigurationProblem(
                    key: "\(path).development_keys", value: publicURL,
                    fix: "development keys are public; they are refused when server.public_url is not loopback "
                        + "(trust a real issuer for a server others can reach)")
            }
        case .jwksFile, .sharedSecret:
            break
        }
        if case .sharedSecret(let secret) = issuer.keys {
            guard hmac.count == issuer.algorithms.count else {
                throw ConfigurationProblem(
                    key: "\(path).algorithms", fix: "a shared secret verifies only HS256, HS384 or HS512")
            }
            // RFC 7518 §3.2: "A key of the same size as the hash output … or larger MUST be used with this algorithm."
            let bytes = secret.value.utf8.count
            if let algorithm = hmac.first(where: { bytes < Self.minimumSecretBytes($0) }) {
                throw ConfigurationProblem(
                    key: "\(path).shared_secret",
                    fix: "the secret has \(bytes) bytes; \(algorithm.name) needs at least "
                        + "\(Self.minimumSecretBytes(algorithm)) (RFC 7518 §3.2: at least the hash size)")
            }
        } else if !hmac.isEmpty {
            throw ConfigurationProblem(
                key: "\(path).algorithms", value: hmac.map(\.name).joined(separator: " "),
                fix: "HMAC algorithms need shared_secret_file or shared_secret_env (never a public key: RFC 8725 §3.1)")
        }
        if let introspection = issuer.introspection {
            try requireSecureURL(introspection.endpoint, key: "\(path).introspection.endpoint")
        }
    }

    static func validateEndpoints(_ configuration: GatehouseConfiguration) throws(ConfigurationProblem) {
        guard !configuration.endpoints.isEmpty else {
            throw ConfigurationProblem(
                key: "endpoints", fix: "list at least one endpoint (or omit the key for both presets)")
        }
        var names: Set<String> = []
        var rootMetadata: String?
        var paths: Set<String> = [
            configuration.metrics.enabled ? configuration.metrics.path : "", "/healthz", "/readyz",
        ]
        for (index, endpoint) in configuration.endpoints.enumerated() {
            let key = "endpoints[\(index)]"
            guard names.insert(endpoint.name).inserted else {
                throw ConfigurationProblem(
                    key: "\(key).name", value: endpoint.name, fix: "endpoint names must be unique")
            }
            guard endpoint.path.hasPrefix("/"), !endpoint.path.contains("?"), !endpoint.path.contains("#") else {
                throw ConfigurationProblem(
                    key: "\(key).path", value: endpoint.path, fix: "must be a path starting with /")
            }
            guard paths.insert(endpoint.path).inserted else {
                throw ConfigurationProblem(
                    key: "\(key).path", value: endpoint.path,
                    fix: "already used by another endpoint or a built-in route")
            }
            // One document can live at /.well-known/oauth-protected-resource (RFC 9728 §3.1 without a path).
            if endpoint.servesRootMetadata ?? (endpoint.preset == .claude) {
                if let first = rootMetadata {
                    throw ConfigurationProblem(
                        key: "\(key).root_metadata", value: "true",
                        fix: "endpoint \(first) already serves the root metadata; set root_metadata: false on one")
                }
                rootMetadata = endpoint.name
            }
            let resource = endpoint.resource ?? configuration.server.origin + endpoint.path
            guard ResourceIdentifier(resource) != nil, let location = WellKnownLocation(resource: resource) else {
                throw ConfigurationProblem(
                    key: "\(key).resource", value: resource, fix: "must be an absolute http(s) URL without a fragment")
            }
            guard location.resourcePath == endpoint.path else {
                throw ConfigurationProblem(
                    key: "\(key).resource", value: resource,
                    fix:
                        "its path must be the endpoint's path \(endpoint.path) (the resource URI is where clients call)"
                )
            }
            for server in endpoint.authorizationServers ?? [] {
                try requireSecureURL(server, key: "\(key).authorization_servers")
            }
            for origin in endpoint.transport.allowedOrigins.sorted() where !StreamableHTTPConfiguration.isOrigin(origin)
            {
                throw ConfigurationProblem(
                    key: "\(key).allowed_origins", value: origin,
                    fix: "list exact origins like https://app.example.com or http://localhost:5173 "
                        + "(scheme, host, optional port; no path, no wildcard, never \"null\")")
            }
        }
    }

    /// `https`, or `http` to a loopback host (development).
    static func requireSecureURL(_ url: String, key: String) throws(ConfigurationProblem) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
            components.scheme == "https" || (components.scheme == "http" && LoopbackHost.contains(host))
        else {
            throw ConfigurationProblem(key: key, value: url, fix: "must be an https URL (http only for loopback hosts)")
        }
    }

    /// The shortest HMAC key RFC 7518 §3.2 allows: the hash's output size.
    static func minimumSecretBytes(_ algorithm: SignatureAlgorithm) -> Int {
        algorithm.digestBits / 8
    }
}
