import HTTPTypes
public import GatehouseJSON
public import GatehouseTesting
public import Hummingbird
public import TokenVerification

/// The development issuer's sign-in: a small OAuth 2.1 authorization server inside `gatehouse serve`'s embedded
/// default, so Claude Code, the MCP Inspector or the Python SDK's `OAuthClientProvider` can sign in to a local
/// server without any other software. **Development only**: its signing keys are public, users are whoever they
/// say they are on the consent page, and everything it remembers is in memory. It refuses to run for an issuer that
/// is not on a loopback host (and the configuration refuses development keys on any other listener).
///
/// What it implements, with the RFCs the MCP authorization specification names:
/// - RFC 8414 metadata members (``metadata``), merged into the development issuer's metadata document;
/// - the authorization code grant with PKCE `S256` only (OAuth 2.1 §4.1, RFC 7636), RFC 8707 `resource` (one of
///   this server's endpoints; it becomes the token's `aud`), RFC 9207 `iss` in every authorization response;
/// - refresh tokens, rotated on every use; a rotated one presented again revokes its whole sign-in (OAuth 2.1
///   §4.3.1, RFC 9700 §4.14.2);
/// - client credentials for the configured development client;
/// - clients by RFC 7591 dynamic registration and by client ID metadata document
///   (draft-ietf-oauth-client-id-metadata-document), fetched with the JWKS fetcher's guards;
/// - a consent page naming the client, the scopes and the resource, or auto-approval for scripts.
///
/// Tokens are RFC 9068 `at+jwt` from the development keys, so the endpoints' verifier checks them like any other.
public struct DevelopmentAuthorizationServer: Sendable {
    /// A resource tokens may be issued for: one of the server's MCP endpoints.
    public struct Resource: Sendable, Hashable {
        /// Its identifier (the endpoint's RFC 9728 `resource`).
        public var identifier: String
        /// The scopes granted when a request names none (the endpoint's base scopes, RFC 6749 §3.3's default).
        public var defaultScopes: [String]

        /// Creates a resource.
        public init(identifier: String, defaultScopes: [String]) {
            self.identifier = identifier
            self.defaultScopes = defaultScopes
        }
    }

    /// The configured development client, for the client credentials grant (machine-to-machine tests).
    public struct DevelopmentClient: Sendable, Hashable {
        /// Its `client_id`.
        public var id: String
        /// Its secret, for `client_secret_basic` or `client_secret_post`.
        public var secret: String

        /// Creates the client.
        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }

        /// The embedded default's client, public like the development keys.
        public static let embedded = DevelopmentClient(
            id: "gatehouse-development-client", secret: "development-secret-not-for-production")
    }

    /// How it behaves.
    public struct Settings: Sendable {
        /// Approve every valid authorization request at once as ``autoApproveSubject``, with no consent page
        /// (`development.auto_approve`, `--dev-auto-approve`): for scripts and tests.
        public var autoApprove = false
        /// The subject of auto-approved sign-ins (the consent page lets the user type one).
        public var autoApproveSubject = "developer"
        /// Access token lifetime, seconds.
        public var accessTokenLifetime = 900.0
        /// Refresh token lifetime, seconds.
        public var refreshTokenLifetime = 24.0 * 3600
        /// The client credentials client.
        public var developmentClient = DevelopmentClient.embedded

        /// The defaults: consent page, 15-minute access tokens, one-day refresh tokens, the embedded client.
        public init() {}
    }

    /// Why the development issuer cannot run.
    public struct SetupFailure: Error, Sendable, CustomStringConvertible {
        /// What is wrong and what to do.
        public let description: String
    }

    let issuer: String
    let path: String
    let signer: TokenSigner
    let resources: [Resource]
    let scopes: [String]
    let settings: Settings
    let store: GrantStore
    let fetcher: any KeySetFetcher

    /// Creates the authorization server of `issuer`.
    /// - Parameters:
    ///   - issuer: the development issuer (its keys sign the tokens; `dev-es256` when present).
    ///   - resources: the endpoints tokens may be issued for.
    ///   - scopes: every scope it may grant (`scopes_supported`).
    ///   - settings: consent, lifetimes, the development client.
    ///   - clientMetadataFetcher: fetches client ID metadata documents (the JWKS fetcher's rules by default).
    ///   - clock: the time of every expiry.
    /// - Throws: ``SetupFailure`` when the issuer is not a loopback `http(s)` URL with a path, or has no keys.
    public init(
        issuer: DevelopmentIssuer, resources: [Resource], scopes: [String], settings: Settings = Settings(),
        clientMetadataFetcher: any KeySetFetcher = HTTPKeySetFetcher(), clock: any WallClock = SystemWallClock()
    ) throws(SetupFailure) {
        guard let url = ResourceIdentifier(issuer.issuer), LoopbackHost.contains(url.host), url.path.count > 1 else {
            throw SetupFailure(
                description: "the development issuer \(issuer.issuer) is not on a loopback host; its sign-in is "
                    + "for local development only")
        }
        guard let signer = issuer.signer(keyID: "dev-es256") ?? issuer.signers.first else {
            throw SetupFailure(description: "the development issuer has no signing keys")
        }
        self.issuer = issuer.issuer
        self.path = url.path
        self.signer = signer
        self.resources = resources
        self.scopes = scopes
        self.settings = settings
        var lifetimes = GrantStore.Lifetimes()
        lifetimes.refresh = settings.refreshTokenLifetime
        self.store = GrantStore(lifetimes: lifetimes, clock: clock)
        self.fetcher = clientMetadataFetcher
    }

    /// The RFC 8414 members it adds to the development issuer's metadata.
    public var metadata: [String: JSONValue] {
        [
            "authorization_endpoint": .string(issuer + "/authorize"),
            "token_endpoint": .string(issuer + "/token"),
            "registration_endpoint": .string(issuer + "/register"),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": .array(
                RegisteredClient.Authentication.allCases.map { .string($0.rawValue) }),
            "client_id_metadata_document_supported": true,
            "authorization_response_iss_parameter_supported": true,
            "scopes_supported": .array(scopes.map(JSONValue.string)),
        ]
    }

    /// Adds `/authorize` (GET: the request; POST: the consent form), `/token` and `/register` under the issuer's
    /// path; the last two answer CORS preflights, for browser-based clients.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(path + "/authorize")) { request, _ in await authorize(request) }
        router.post(RouterPath(path + "/authorize")) { request, _ in await consent(request) }
        router.post(RouterPath(path + "/token")) { request, _ in await token(request) }
        router.post(RouterPath(path + "/register")) { request, _ in await register(request) }
        for endpoint in ["/token", "/register"] {
            router.on(RouterPath(path + endpoint), method: .options) { _, _ in Response.preflight }
        }
    }

    /// The resource named `identifier`.
    /// - Throws: `invalid_target` (RFC 8707 §2) when it is missing or not one of this server's.
    func resource(_ identifier: String?) throws(OAuthFailure) -> Resource {
        guard let identifier else {
            throw .invalidTarget(
                "resource is required: the MCP endpoint the token is for (RFC 8707; MCP clients must send it)")
        }
        guard let resource = resources.first(where: { $0.identifier == identifier }) else {
            throw .invalidTarget(
                "\(OAuthFailure.quote(identifier)) is not a resource of this server; it serves "
                    + resources.map(\.identifier).joined(separator: ", "))
        }
        return resource
    }

    /// The scopes of a `scope` parameter (RFC 6749 §3.3), each one supported; the resource's default when absent.
    func scopes(_ parameter: String?, default defaults: [String], within allowed: [String]? = nil)
        throws(OAuthFailure) -> [String]
    {
        guard let parameter else { return defaults }
        var granted: [String] = []
        for scope in parameter.split(separator: " ").map(String.init) where !granted.contains(scope) {
            guard (allowed ?? scopes).contains(scope) else {
                throw .invalidScope(
                    allowed == nil
                        ? "\(OAuthFailure.quote(scope)) is not a scope of this server; it knows "
                            + scopes.joined(separator: " ")
                        : "\(OAuthFailure.quote(scope)) was not granted to this sign-in; a refresh may only narrow "
                            + "the scopes (sign in again to widen them)")
            }
            granted.append(scope)
        }
        return granted
    }
}
