/// What a user approved for a client: the subject, the resource (RFC 8707), the scopes. A code carries it to the
/// token endpoint; refresh tokens carry it on. `family` ties every refresh token of one approval together, so a
/// replayed one revokes them all (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).
struct AuthorizationGrant: Sendable, Equatable {
    /// The client it was approved for.
    let clientID: String
    /// Who approved it (`sub` of the tokens).
    let subject: String
    /// The one resource its tokens are for (`aud`).
    let resource: String
    /// The scopes approved.
    let scopes: [String]
    /// The approval's identity, shared by its code and every refresh token descended from it.
    let family: String
    /// Whether the client registered the refresh token grant.
    let refreshable: Bool
    /// When the sign-in ends: no refresh token of it outlives this, however often it is rotated.
    let expires: Double
}

/// An authorization request waiting for the user's answer on the consent page (or approved at once with
/// auto-approve).
struct PendingAuthorization: Sendable {
    /// The client.
    let client: RegisteredClient
    /// The redirect URI the request named (already matched against the client's).
    let redirectURI: String
    /// The PKCE S256 challenge.
    let codeChallenge: String
    /// The resource asked for (one of this server's endpoints).
    let resource: String
    /// The scopes asked for (all supported).
    let scopes: [String]
    /// The client's `state`, returned unchanged.
    let state: String?
}

/// A secret that works once (a code, a refresh token): a second use is a replay, revoking its sign-in.
protocol OneTimeRecord: Sendable {
    /// The approval it stands for.
    var grant: AuthorizationGrant { get }
    /// Whether it was used (exchanged, or rotated).
    var used: Bool { get set }
}

/// An issued authorization code: the approval plus what the token request must repeat.
struct IssuedCode: OneTimeRecord {
    /// The approval.
    let grant: AuthorizationGrant
    /// The redirect URI of the authorization request (RFC 6749 §4.1.3: the token request must repeat it).
    let redirectURI: String
    /// The PKCE S256 challenge.
    let codeChallenge: String
    /// Whether it was already exchanged: a second use is refused and revokes what the first produced
    /// (RFC 6749 §4.1.2).
    var used = false
}

/// A refresh token's record.
struct RefreshRecord: OneTimeRecord {
    /// The approval it continues.
    let grant: AuthorizationGrant
    /// Whether it was already exchanged for a successor (rotation): using it again means it leaked.
    var used = false
}
