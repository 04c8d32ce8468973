public import AsyncHTTPClient
public import Foundation

/// The gateway's own access token for an upstream, from the upstream's authorization server with the client
/// credentials grant (RFC 6749 §4.4), sent as `Authorization: Bearer` (RFC 6750 §2.1). Never the caller's token.
///
/// - The client authenticates with HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1: id and secret
///   form-urlencoded first); `scope` and the RFC 8707 `resource` (the upstream's URL, so the token is
///   audience-restricted to it) are sent when configured.
/// - The token is kept until 30 s before its `expires_in` (five minutes when the server sends none), fetched once
///   for concurrent callers, and dropped when the upstream answers 401 (``invalidate()``).
/// - The response must be JSON with a `Bearer` `token_type` and an `access_token`; an error names the status and
///   the OAuth `error` code, never the secret or a token.
public actor OAuthClientCredentials: UpstreamCredentials {
    private let endpoint: TokenEndpointClient
    private let scope: String?
    private let resource: String?
    private var cached: (token: String, expires: ContinuousClock.Instant)?
    private var pending: Task<TokenEndpointClient.IssuedToken, any Error>?

    /// Creates the credentials; nothing is fetched until the first request to the upstream.
    public init(
        tokenEndpoint: URL, clientID: String, clientSecret: String, scope: String? = nil, resource: String? = nil,
        httpClient: HTTPClient = .gatehouseUpstreams
    ) {
        self.endpoint = TokenEndpointClient(
            url: tokenEndpoint, clientID: clientID, clientSecret: clientSecret, httpClient: httpClient)
        self.scope = scope
        self.resource = resource
    }

    public func headers() async throws(UpstreamCredentialError) -> [(name: String, value: String)] {
        if let cached, ContinuousClock.now < cached.expires { return [("Authorization", "Bearer " + cached.token)] }
        let task =
            pending
            ?? Task { [endpoint, scope, resource] in
                try await endpoint.requestToken(Self.fields(scope: scope, resource: resource))
            }
        pending = task
        defer { pending = nil }
        do {
            let issued = try await task.value
            cached = (issued.value, .now + max(.seconds(1), issued.lifetime - .seconds(30)))
            return [("Authorization", "Bearer " + issued.value)]
        } catch let error as UpstreamCredentialError {
            throw error
        } catch {
            throw UpstreamCredentialError("the token endpoint could not be reached")
        }
    }

    public func invalidate() async {
        cached = nil
    }

    /// What is sent: the grant, and the scope and resource when configured.
    static func fields(scope: String?, resource: String?) -> [(String, String)] {
        var fields = [("grant_type", "client_credentials")]
        if let scope { fields.append(("scope", scope)) }
        if let resource { fields.append(("resource", resource)) }
        return fields
    }
}
