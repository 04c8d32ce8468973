/// A client the development issuer knows: registered dynamically (RFC 7591), identified by a client ID metadata
/// document it fetched, or the configured development client (client credentials).
struct RegisteredClient: Sendable {
    /// How the client authenticates at the token endpoint (RFC 7591 §2, `token_endpoint_auth_method`).
    enum Authentication: String, Sendable, CaseIterable {
        /// A public client: no secret, PKCE alone binds the code.
        case none
        /// The secret in the request body.
        case clientSecretPost = "client_secret_post"
        /// The secret in HTTP Basic (RFC 6749 §2.3.1).
        case clientSecretBasic = "client_secret_basic"
    }

    /// Where the client's identity came from, shown on the consent page.
    enum Origin: Sendable {
        /// RFC 7591: the client said who it is, and nothing checked it.
        case dynamicRegistration
        /// A client ID metadata document: the `client_id` is the URL the metadata was fetched from.
        case metadataDocument
        /// The configured development client.
        case configured
    }

    /// The `client_id`.
    let id: String
    /// SHA-256 of the client secret (confidential clients only).
    let secretDigest: [UInt8]?
    /// How it authenticates.
    let authentication: Authentication
    /// Its registered redirect URIs.
    let redirectURIs: [String]
    /// Its grant types.
    let grantTypes: [String]
    /// Its `client_name`, as it stated it.
    let name: String?
    /// Where its identity came from.
    let origin: Origin
    /// The `client_id_issued_at` of a dynamic registration.
    let issuedAt: Double

    /// Whether it may use `grantType`.
    func allows(_ grantType: String) -> Bool { grantTypes.contains(grantType) }
}
