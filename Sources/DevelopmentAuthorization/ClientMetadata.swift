import GatehouseJSON

/// Client metadata (RFC 7591 §2), as a registration request sends it or a client ID metadata document publishes it
/// (draft-ietf-oauth-client-id-metadata-document §4, which uses the same members). Unknown members are ignored
/// (RFC 7591 §2: "MUST ignore any client metadata sent by the client that it does not understand").
struct ClientMetadata: Sendable, Equatable {
    /// `redirect_uris`: at least one, each one ``RedirectURI`` accepts.
    let redirectURIs: [String]
    /// `token_endpoint_auth_method`.
    let authentication: RegisteredClient.Authentication
    /// `grant_types`: `authorization_code` and optionally `refresh_token`.
    let grantTypes: [String]
    /// `client_name`, when given (at most 200 characters).
    let name: String?

    /// The grant types a client may register (client credentials belong to the configured development client).
    static let registrableGrantTypes = ["authorization_code", "refresh_token"]

    /// Reads and checks `document`.
    /// - Parameters:
    ///   - document: the metadata.
    ///   - defaultAuthentication: the method when none is named (`client_secret_basic` for RFC 7591 §2, `none`
    ///     for a metadata document, which cannot carry a secret).
    ///   - allowedAuthentication: the methods accepted.
    /// - Throws: ``OAuthFailure`` with `invalid_redirect_uri` or `invalid_client_metadata` (RFC 7591 §3.2.2).
    init(
        _ document: JSONValue, defaultAuthentication: RegisteredClient.Authentication,
        allowedAuthentication: [RegisteredClient.Authentication]
    ) throws(OAuthFailure) {
        guard document.objectValue != nil else { throw Self.invalid("the client metadata must be a JSON object") }
        guard let uris = document["redirect_uris"]?.arrayValue, !uris.isEmpty else {
            throw OAuthFailure("invalid_redirect_uri", "redirect_uris is required: a non-empty array of URIs")
        }
        var redirectURIs: [String] = []
        for uri in uris {
            guard let uri = uri.stringValue else {
                throw OAuthFailure("invalid_redirect_uri", "redirect_uris must contain strings only")
            }
            if let problem = RedirectURI.problem(uri) { throw OAuthFailure("invalid_redirect_uri", problem) }
            redirectURIs.append(uri)
        }
        self.redirectURIs = redirectURIs

        let method = try Self.string(document, "token_endpoint_auth_method")
        if let method {
            guard let known = RegisteredClient.Authentication(rawValue: method), allowedAuthentication.contains(known)
            else {
                throw Self.invalid(
                    "token_endpoint_auth_method \(OAuthFailure.quote(method)) is not supported; use one of "
                        + allowedAuthentication.map(\.rawValue).joined(separator: ", "))
            }
            authentication = known
        } else {
            authentication = defaultAuthentication
        }

        let grantTypes = try Self.strings(document, "grant_types") ?? ["authorization_code"]
        for grant in grantTypes where !Self.registrableGrantTypes.contains(grant) {
            throw Self.invalid(
                "grant_types: \(OAuthFailure.quote(grant)) is not offered to registered clients; "
                    + "use authorization_code and refresh_token")
        }
        guard grantTypes.contains("authorization_code") else {
            throw Self.invalid(
                "grant_types must include authorization_code (the only way a registered client signs in)")
        }
        self.grantTypes = grantTypes
        // RFC 7591 §2.1: grant_types and response_types must agree; authorization_code goes with code.
        let responseTypes = try Self.strings(document, "response_types") ?? ["code"]
        guard responseTypes == ["code"] else {
            throw Self.invalid("response_types must be [\"code\"] (the authorization code flow is the only one)")
        }
        let name = try Self.string(document, "client_name")
        if let name, name.count > 200 { throw Self.invalid("client_name is longer than 200 characters") }
        self.name = name
    }

    /// The metadata as a registration response echoes it (RFC 7591 §3.2.1).
    var json: [String: JSONValue] {
        var members: [String: JSONValue] = [
            "redirect_uris": .array(redirectURIs.map(JSONValue.string)),
            "token_endpoint_auth_method": .string(authentication.rawValue),
            "grant_types": .array(grantTypes.map(JSONValue.string)),
            "response_types": ["code"],
        ]
        if let name { members["client_name"] = .string(name) }
        return members
    }

    private static func invalid(_ description: String) -> OAuthFailure {
        OAuthFailure("invalid_client_metadata", description)
    }

    private static func string(_ document: JSONValue, _ key: String) throws(OAuthFailure) -> String? {
        guard let value = document[key], value != .null else { return nil }
        guard let string = value.stringValue else { throw invalid("\(key) must be a string") }
        return string
    }

    private static func strings(_ document: JSONValue, _ key: String) throws(OAuthFailure) -> [String]? {
        guard let value = document[key], value != .null else { return nil }
        guard let array = value.arrayValue else { throw invalid("\(key) must be an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let string = element.stringValue else { throw invalid("\(key) must be an array of strings") }
            strings.append(string)
        }
        return strings
    }
}
