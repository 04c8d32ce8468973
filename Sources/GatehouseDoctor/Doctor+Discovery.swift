import GatehouseJSON
import ProtectedResource

extension Doctor {
    /// RFC 9728 metadata at every place a client looks (MCP 2025-11-25: the header's URL, then the path-inserted
    /// well-known URL, then the root), each checked for the `resource` rule of RFC 9728 §3.3: the document's
    /// `resource` must be exactly the URL the client is using, or the client must not use it.
    func discoverMetadata(
        http: DoctorHTTP, location: WellKnownLocation, report: inout DoctorReport, discovered: inout Discovered
    ) async {
        var candidates: [(id: String, url: String)] = []
        if let header = discovered.challenge?.parameters["resource_metadata"] {
            candidates.append(("metadata.header", header))
        }
        candidates.append(("metadata.path_inserted", location.url))
        if location.url != location.rootURL { candidates.append(("metadata.root", location.rootURL)) }
        for (id, url) in candidates {
            let document: JSONValue
            do {
                let answer = try await http.get(url)
                guard answer.status == 200, let json = answer.json, json.objectValue != nil else {
                    let required = id == "metadata.header"
                    report.add(
                        id, required ? .fail : (discovered.metadata == nil ? .warn : .skip),
                        "\(url) → HTTP \(answer.status)\(answer.json == nil ? ", not JSON" : "")",
                        fix: required
                            ? "serve the RFC 9728 document at the URL the challenge names"
                            : "serve the metadata here too: some clients only look at well-known URLs")
                    continue
                }
                document = json
            } catch {
                report.add(id, .fail, "\(url) → \(error)", fix: "serve the RFC 9728 document at \(url)")
                continue
            }
            let resource = document["resource"]?.stringValue
            guard resource == options.url else {
                // Clients stop at the first usable document, so a later one describing another endpoint of the
                // same origin (several endpoints share the root) only misleads clients that skip the earlier ones.
                report.add(
                    id, discovered.metadata == nil ? .fail : .warn,
                    "\(url) says resource \"\(resource ?? "(none)")\", but the endpoint is \(options.url)",
                    fix:
                        "set resource to exactly \(options.url): clients must reject metadata for another resource (RFC 9728 §3.3), and tokens are issued for it (RFC 8707)"
                )
                continue
            }
            let servers = document["authorization_servers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard !servers.isEmpty else {
                report.add(
                    id, .fail, "\(url) lists no authorization_servers",
                    fix: "list the issuer clients should sign in with (RFC 9728 §2)")
                continue
            }
            report.add(id, .pass, "\(url): resource matches; authorization server \(servers[0])")
            if discovered.metadata == nil { discovered.metadata = document }
        }
        if discovered.metadata == nil {
            report.add(
                "metadata", .fail, "no usable protected-resource metadata",
                fix: "serve RFC 9728 metadata at \(location.url) with resource \(options.url)")
        }
    }

    /// The well-known URLs an authorization server's metadata may be at, in the order MCP 2025-11-25 tries them:
    /// RFC 8414 path-inserted, OIDC path-inserted, OIDC appended (for an issuer with a path); RFC 8414 and OIDC
    /// at the root otherwise.
    static func authorizationServerMetadataURLs(issuer: String) -> [String] {
        guard let location = WellKnownLocation(resource: issuer) else { return [] }
        let path = location.resourcePath
        if path.isEmpty {
            return [
                location.origin + "/.well-known/oauth-authorization-server",
                location.origin + "/.well-known/openid-configuration",
            ]
        }
        return [
            location.origin + "/.well-known/oauth-authorization-server" + path,
            location.origin + "/.well-known/openid-configuration" + path,
            location.origin + path + "/.well-known/openid-configuration",
        ]
    }

    /// RFC 8414 metadata of the first authorization server: found, `issuer` identical (RFC 8414 §3.3), PKCE with
    /// S256 (MCP: clients must refuse without it), a token endpoint, a way to register (dynamic registration or
    /// client ID metadata documents).
    func discoverAuthorizationServer(http: DoctorHTTP, report: inout DoctorReport, discovered: inout Discovered) async {
        guard let issuer = discovered.metadata?["authorization_servers"]?.arrayValue?.first?.stringValue else {
            if discovered.metadata != nil || !discovered.openWithoutToken {
                report.add("authorization_server", .skip, "no authorization server to examine")
            }
            return
        }
        var found: (url: String, document: JSONValue)?
        var tried: [String] = []
        for url in Self.authorizationServerMetadataURLs(issuer: issuer) {
            guard let answer = try? await http.get(url) else {
                tried.append("\(url) → no answer")
                continue
            }
            guard answer.status == 200, let json = answer.json, json.objectValue != nil else {
                tried.append("\(url) → HTTP \(answer.status)")
                continue
            }
            found = (url, json)
            break
        }
        guard let (url, document) = found else {
            report.add(
                "authorization_server.metadata", .fail, "no metadata for \(issuer): \(tried.joined(separator: "; "))",
                fix: "publish RFC 8414 or OpenID Connect discovery metadata for the issuer")
            return
        }
        guard document["issuer"]?.stringValue == issuer else {
            report.add(
                "authorization_server.issuer", .fail,
                "\(url) says issuer \"\(document["issuer"]?.stringValue ?? "(none)")\", expected \(issuer)",
                fix: "list the issuer identifier exactly as the metadata states it (RFC 8414 §3.3)")
            return
        }
        // Only metadata whose issuer matches is used later (token endpoint, keys): RFC 8414 §3.3.
        discovered.authorizationServer = document
        report.add("authorization_server.metadata", .pass, "\(url): issuer matches")
        checkCapabilities(of: document, report: &report)
    }

    private func checkCapabilities(of document: JSONValue, report: inout DoctorReport) {
        let strings = { (key: String) in document[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let interactive = document["authorization_endpoint"]?.stringValue != nil
        if !interactive {
            report.add(
                "authorization_server.sign_in", .warn,
                "no authorization_endpoint: users cannot sign in interactively (Claude, ChatGPT need this)",
                fix: "use an authorization server with the authorization-code flow for interactive clients")
        } else if strings("code_challenge_methods_supported").contains("S256") {
            report.add("authorization_server.pkce", .pass, "PKCE S256 advertised")
        } else {
            report.add(
                "authorization_server.pkce", .fail, "code_challenge_methods_supported does not list S256",
                fix: "advertise PKCE S256: MCP clients must refuse an authorization server without it")
        }
        if document["token_endpoint"]?.stringValue == nil {
            report.add(
                "authorization_server.token_endpoint", .warn, "no token_endpoint",
                fix: "publish the token endpoint (RFC 8414 §2)")
        }
        if document["registration_endpoint"]?.stringValue != nil {
            report.add("authorization_server.registration", .pass, "dynamic client registration (RFC 7591) offered")
        } else if document["client_id_metadata_document_supported"]?.boolValue == true {
            report.add("authorization_server.registration", .pass, "client ID metadata documents supported")
        } else if interactive {
            report.add(
                "authorization_server.registration", .warn,
                "neither registration_endpoint nor client_id_metadata_document_supported",
                fix: "clients need a pre-registered client id; enable dynamic registration or CIMD for self-service")
        }
    }
}
