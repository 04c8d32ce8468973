import Synchronization
import TokenVerification

/// Everything the development issuer remembers, in memory only (a restart forgets registrations and grants, which
/// clients survive by registering again): clients, consent tickets, codes and refresh tokens. Codes and refresh
/// tokens are held under their SHA-256 digests. Every table is bounded (``ExpiringTable``).
final class GrantStore: Sendable {
    /// How long each kind of entry lives, in seconds.
    struct Lifetimes: Sendable {
        /// A dynamically registered client.
        var client = 30.0 * 24 * 3600
        /// A fetched client ID metadata document (then fetched again).
        var metadataDocument = 300.0
        /// A consent page's ticket.
        var consent = 600.0
        /// An authorization code (RFC 6749 §4.1.2: "a maximum authorization code lifetime of 10 minutes is
        /// RECOMMENDED"; one minute is plenty for a redirect).
        var code = 60.0
        /// A refresh token.
        var refresh = 24.0 * 3600
    }

    /// The outcome of presenting a one-time secret (a code or a refresh token).
    enum Redemption<Value: Sendable>: Sendable {
        /// First use: here is what it stands for.
        case fresh(Value)
        /// Used before: the approval it belongs to (whose refresh tokens are now revoked).
        case replayed(AuthorizationGrant)
        /// Not known, or expired.
        case unknown
    }

    private struct State: Sendable {
        var clients = ExpiringTable<RegisteredClient>(capacity: 1000)
        var documents = ExpiringTable<RegisteredClient>(capacity: 200)
        var consents = ExpiringTable<PendingAuthorization>(capacity: 1000)
        var codes = ExpiringTable<IssuedCode>(capacity: 1000)
        var refreshTokens = ExpiringTable<RefreshRecord>(capacity: 10_000)
    }

    private let state = Mutex(State())
    /// The lifetimes in force.
    let lifetimes: Lifetimes
    private let clock: any WallClock

    init(lifetimes: Lifetimes = Lifetimes(), clock: any WallClock = SystemWallClock()) {
        self.lifetimes = lifetimes
        self.clock = clock
    }

    /// The current time, as every decision of the issuer sees it.
    var now: Double { clock.now() }

    // MARK: Clients

    /// Remembers a dynamically registered client.
    func register(_ client: RegisteredClient) {
        let now = now
        state.withLock { $0.clients.insert(client, key: client.id, expires: now + lifetimes.client, now: now) }
    }

    /// A registered client, or a metadata document's client fetched recently.
    func client(_ id: String) -> RegisteredClient? {
        let now = now
        return state.withLock { $0.clients.value(id, now: now) ?? $0.documents.value(id, now: now) }
    }

    /// Remembers a client read from its metadata document.
    func cacheDocument(_ client: RegisteredClient) {
        let now = now
        state.withLock {
            $0.documents.insert(client, key: client.id, expires: now + lifetimes.metadataDocument, now: now)
        }
    }

    // MARK: Consent

    /// Parks a request for the consent page; the ticket is the only way back to it, and works once.
    func park(_ request: PendingAuthorization) -> String {
        let ticket = OpaqueToken.make()
        let now = now
        state.withLock {
            $0.consents.insert(request, key: Self.key(ticket), expires: now + lifetimes.consent, now: now)
        }
        return ticket
    }

    /// The parked request of `ticket`, which is used up.
    func takeParked(_ ticket: String) -> PendingAuthorization? {
        let now = now
        return state.withLock { $0.consents.remove(Self.key(ticket), now: now) }
    }

    // MARK: Codes

    /// Issues a code for an approval.
    func issueCode(_ code: IssuedCode) -> String {
        let value = OpaqueToken.make()
        let now = now
        state.withLock { $0.codes.insert(code, key: Self.key(value), expires: now + lifetimes.code, now: now) }
        return value
    }

    /// Redeems a code: `check` sees it first, and only when it passes is the code used up, so a request refused
    /// for a wrong verifier or client cannot burn the code of the client that holds the right one. A code already
    /// used is a replay: the refresh tokens its first use produced are revoked.
    func redeemCode(_ value: String, check: (IssuedCode) throws(OAuthFailure) -> Void) throws(OAuthFailure)
        -> Redemption<IssuedCode>
    {
        try redeem(value, in: \.codes, check: check)
    }

    // MARK: Refresh tokens

    /// Issues a refresh token continuing `grant`, valid until the grant's own expiry (rotation never extends a
    /// sign-in).
    func issueRefreshToken(_ grant: AuthorizationGrant) -> String {
        let value = OpaqueToken.make()
        let now = now
        state.withLock {
            $0.refreshTokens.insert(RefreshRecord(grant: grant), key: Self.key(value), expires: grant.expires, now: now)
        }
        return value
    }

    /// Redeems a refresh token (rotation: it works once), after `check` passes (a refused request does not use it
    /// up). A rotated one presented again revokes its family.
    func redeemRefreshToken(_ value: String, check: (RefreshRecord) throws(OAuthFailure) -> Void)
        throws(OAuthFailure) -> Redemption<RefreshRecord>
    {
        try redeem(value, in: \.refreshTokens, check: check)
    }

    /// One-time use, atomically: unknown, a replay (which revokes the sign-in), or — once `check` passes — fresh and
    /// now used.
    private func redeem<Record: OneTimeRecord>(
        _ value: String, in table: WritableKeyPath<State, ExpiringTable<Record>>,
        check: (Record) throws(OAuthFailure) -> Void
    ) throws(OAuthFailure) -> Redemption<Record> {
        let now = now
        return try state.withLock { state throws(OAuthFailure) in
            let key = Self.key(value)
            guard let record = state[keyPath: table].value(key, now: now) else { return .unknown }
            guard !record.used else {
                Self.revoke(record.grant.family, in: &state)
                return .replayed(record.grant)
            }
            try check(record)
            state[keyPath: table].update(key, now: now) { $0.used = true }
            return .fresh(record)
        }
    }

    /// Whether any refresh token of `family` is still usable.
    func hasLiveRefreshToken(family: String) -> Bool {
        let now = now
        return state.withLock { $0.refreshTokens.contains(now: now) { $0.grant.family == family && !$0.used } }
    }

    private static func revoke(_ family: String, in state: inout State) {
        state.refreshTokens.removeAll { $0.grant.family == family }
    }

    private static func key(_ secret: String) -> String { Base64URL.encode(OpaqueToken.digest(secret)) }
}
