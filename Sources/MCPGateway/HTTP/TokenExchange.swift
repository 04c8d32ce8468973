public import AsyncHTTPClient
public import Foundation
public import MCPCore
import Synchronization

/// The caller's token exchanged for one meant for an upstream (OAuth 2.0 Token Exchange, RFC 8693), so the upstream
/// learns who the caller is from its own authorization server while the caller's token itself never leaves the
/// gateway (MCP 2026-07-28 security best practices, "Token Passthrough").
///
/// - Request (RFC 8693 §2.1): `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, the caller's token as
///   `subject_token` with `subject_token_type=urn:ietf:params:oauth:token-type:access_token`,
///   `requested_token_type` access token, and the configured `resource` (RFC 8707: the upstream's URL, so the new
///   token is audience-restricted to it), `audience` and `scope`. The gateway authenticates as a confidential client
///   (HTTP Basic).
/// - Response (§2.2.1): a `Bearer` `access_token` whose `issued_token_type` is
///   `urn:ietf:params:oauth:token-type:access_token`; anything else is refused. Errors (§2.2.2, e.g.
///   `invalid_target`) are named by status and code only.
/// - Cached per principal (issuer + subject) for the token it was exchanged from, until 30 s before its
///   `expires_in` and never past the caller's own `exp`; a principal presenting another token (a refreshed one, with
///   other scopes) gets a new exchange. At most `maximumEntries` principals are kept. Concurrent calls for the same
///   token share one request. Neither token is ever logged or put into an error.
public actor TokenExchange {
    /// RFC 8693 §2.1 `grant_type`.
    static let grantType = "urn:ietf:params:oauth:grant-type:token-exchange"
    /// RFC 8693 §3: the token type identifier of an OAuth access token.
    static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"

    private let endpoint: TokenEndpointClient
    private let resource: String?
    private let audience: String?
    private let scope: String?
    private let maximumEntries: Int
    private var cache: [UpstreamSessions.Principal: Entry] = [:]
    private var pending: [Request: Task<TokenEndpointClient.IssuedToken, any Error>] = [:]

    private struct Entry {
        let subjectToken: String
        let token: String
        let expires: ContinuousClock.Instant
    }

    private struct Request: Hashable {
        let principal: UpstreamSessions.Principal
        let subjectToken: String
    }

    /// Creates the exchange; nothing is sent until a caller's request needs a token.
    public init(
        tokenEndpoint: URL, clientID: String, clientSecret: String, resource: String? = nil, audience: String? = nil,
        scope: String? = nil, maximumEntries: Int = 10_000, httpClient: HTTPClient = .gatehouseUpstreams
    ) {
        self.endpoint = TokenEndpointClient(
            url: tokenEndpoint, clientID: clientID, clientSecret: clientSecret, httpClient: httpClient)
        self.resource = resource
        self.audience = audience
        self.scope = scope
        self.maximumEntries = max(1, maximumEntries)
    }

    /// The upstream token for `caller`, exchanged from `presented` (or cached from an earlier exchange of it).
    public func token(for caller: Caller?, presenting presented: PresentedToken?)
        async throws(UpstreamCredentialError) -> String
    {
        guard let caller, let presented else {
            throw UpstreamCredentialError("token exchange needs the caller's token, and this call has none")
        }
        let now = ContinuousClock.now
        let remaining = presented.expiresAt - Date().timeIntervalSince1970
        guard remaining > 0 else { throw UpstreamCredentialError("the caller's token has expired") }
        let principal = UpstreamSessions.Principal(caller)
        if let entry = cache[principal], entry.subjectToken == presented.value, now < entry.expires {
            return entry.token
        }
        let request = Request(principal: principal, subjectToken: presented.value)
        let task =
            pending[request]
            ?? Task { [endpoint, fields = fields(subjectToken: presented.value)] in
                try await endpoint.requestToken(fields)
            }
        pending[request] = task
        defer { pending[request] = nil }
        let issued: TokenEndpointClient.IssuedToken
        do {
            issued = try await task.value
        } catch let error as UpstreamCredentialError {
            throw error
        } catch {
            throw UpstreamCredentialError("the token endpoint could not be reached")
        }
        guard issued.issuedTokenType == Self.accessTokenType else {
            let type = issued.issuedTokenType.map { TokenEndpointClient.printable($0) } ?? "no issued_token_type"
            throw UpstreamCredentialError("the token exchange issued \(type), not an access token")
        }
        let lifetime = min(issued.lifetime - .seconds(30), .milliseconds(Int(remaining * 1000)))
        store(
            Entry(subjectToken: presented.value, token: issued.value, expires: now + max(.seconds(1), lifetime)),
            for: principal)
        return issued.value
    }

    /// Forgets the principal's exchanged token (the upstream refused it with HTTP 401).
    public func forget(_ caller: Caller?) {
        cache[UpstreamSessions.Principal(caller)] = nil
    }

    /// How many principals have a cached token.
    public var count: Int { cache.count }

    /// The form of one exchange.
    func fields(subjectToken: String) -> [(String, String)] {
        var fields = [
            ("grant_type", Self.grantType), ("subject_token", subjectToken),
            ("subject_token_type", Self.accessTokenType), ("requested_token_type", Self.accessTokenType),
        ]
        if let resource { fields.append(("resource", resource)) }
        if let audience { fields.append(("audience", audience)) }
        if let scope { fields.append(("scope", scope)) }
        return fields
    }

    private func store(_ entry: Entry, for principal: UpstreamSessions.Principal) {
        if cache[principal] == nil, cache.count >= maximumEntries {
            let now = ContinuousClock.now
            cache = cache.filter { $0.value.expires > now }
            if cache.count >= maximumEntries, let soonest = cache.min(by: { $0.value.expires < $1.value.expires }) {
                cache[soonest.key] = nil
            }
        }
        cache[principal] = entry
    }
}

/// The credentials of one principal's upstream session when the upstream takes exchanged tokens: the newest token
/// the principal presented, exchanged by the upstream's ``TokenExchange``.
final class ExchangedTokenCredentials: UpstreamCredentials {
    private let exchange: TokenExchange
    private let caller: Caller?
    private let presented = Mutex<PresentedToken?>(nil)

    init(exchange: TokenExchange, caller: Caller?) {
        self.exchange = exchange
        self.caller = caller
    }

    /// Keeps the token of the principal's current request (every request of a principal presents its own, and a
    /// refreshed token replaces the earlier one).
    func present(_ token: PresentedToken?) {
        presented.withLock { $0 = token }
    }

    func headers() async throws(UpstreamCredentialError) -> [(name: String, value: String)] {
        let token = try await exchange.token(for: caller, presenting: presented.withLock { $0 })
        return [("Authorization", "Bearer " + token)]
    }

    func invalidate() async {
        await exchange.forget(caller)
    }
}
