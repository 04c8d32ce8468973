import HTTPTypes
import GatehouseJSON
import GatehouseTesting
import Hummingbird

/// The token endpoint (OAuth 2.1 §3.2): authorization code, refresh token and client credentials grants. Every
/// answer is JSON with `Cache-Control: no-store`; every refusal an RFC 6749 §5.2 error naming what was wrong.
extension DevelopmentAuthorizationServer {
    /// `POST …/token`.
    func token(_ request: Request) async -> Response {
        do {
            let form = try await Self.form(of: request)
            let client = try await authenticatedClient(form, authorization: request.headers[.authorization])
            switch form["grant_type"] {
            case "authorization_code": return try exchangeCode(form, client: client)
            case "refresh_token": return try refresh(form, client: client)
            case "client_credentials": return try clientCredentials(form, client: client)
            case nil: throw OAuthFailure.invalidRequest("grant_type is required")
            case let other?:
                throw OAuthFailure(
                    "unsupported_grant_type",
                    "grant_type \(OAuthFailure.quote(other)) is not supported; use authorization_code, refresh_token "
                        + "or client_credentials")
            }
        } catch let failure as OAuthFailure {
            return failure.response
        } catch {
            return OAuthFailure("server_error", "the token request failed").response
        }
    }

    /// RFC 6749 §4.1.3 with PKCE: the code once, by the client it was issued to, with the same redirect URI, the
    /// verifier of its challenge, and (RFC 8707 §2.2) no other resource than the one approved. A refused exchange
    /// leaves the code usable by the right request.
    private func exchangeCode(_ form: [String: String], client: RegisteredClient) throws(OAuthFailure) -> Response {
        guard let value = form["code"] else { throw .invalidRequest("code is required") }
        let redemption = try store.redeemCode(value) { code throws(OAuthFailure) in
            guard code.grant.clientID == client.id else { throw .invalidGrant("the code was issued to another client") }
            guard form["redirect_uri"] == code.redirectURI else {
                throw .invalidGrant(
                    "redirect_uri must be the one of the authorization request (RFC 6749 section 4.1.3)")
            }
            try PKCE.verify(form["code_verifier"], challenge: code.codeChallenge)
            if let resource = form["resource"], resource != code.grant.resource {
                throw .invalidTarget("resource must be the one approved: \(code.grant.resource)")
            }
        }
        switch redemption {
        case .unknown:
            throw .invalidGrant(
                "the code is unknown or expired (codes live \(Int(store.lifetimes.code)) s and work once)")
        case .replayed:
            throw .invalidGrant(
                "the code was already used; the refresh tokens issued for it are revoked (RFC 6749 section 4.1.2)")
        case .fresh(let code):
            return try tokens(for: code.grant, scopes: code.grant.scopes, client: client)
        }
    }

    /// RFC 6749 §6 with rotation: the refresh token once; a narrower `scope` is allowed, never a wider one or another
    /// resource (a refused request leaves it usable). A rotated token presented again revokes every refresh token of
    /// its sign-in.
    private func refresh(_ form: [String: String], client: RegisteredClient) throws(OAuthFailure) -> Response {
        guard let value = form["refresh_token"] else { throw .invalidRequest("refresh_token is required") }
        var scopes: [String] = []
        let redemption = try store.redeemRefreshToken(value) { record throws(OAuthFailure) in
            let grant = record.grant
            guard grant.clientID == client.id else {
                throw .invalidGrant("the refresh token was issued to another client")
            }
            if let resource = form["resource"], resource != grant.resource {
                throw .invalidTarget("resource must be the one approved: \(grant.resource)")
            }
            scopes = try self.scopes(form["scope"], default: grant.scopes, within: grant.scopes)
        }
        switch redemption {
        case .unknown:
            throw .invalidGrant("the refresh token is unknown, expired or revoked; sign in again")
        case .replayed:
            throw .invalidGrant(
                "the refresh token was already used (each works once); as it may have leaked, every refresh token of "
                    + "this sign-in is now revoked: sign in again")
        case .fresh(let record):
            return try tokens(for: record.grant, scopes: scopes, client: client)
        }
    }

    /// RFC 6749 §4.4, for the configured development client: its own subject, a resource of this server.
    private func clientCredentials(_ form: [String: String], client: RegisteredClient) throws(OAuthFailure) -> Response
    {
        guard client.allows("client_credentials") else {
            throw OAuthFailure(
                "unauthorized_client",
                "only the configured development client (\(settings.developmentClient.id)) may use client_credentials")
        }
        let resource = try resource(form["resource"])
        let scopes = try scopes(form["scope"], default: resource.defaultScopes)
        let grant = AuthorizationGrant(
            clientID: client.id, subject: client.id, resource: resource.identifier, scopes: scopes,
            family: OpaqueToken.make(), refreshable: false, expires: store.now)
        return try tokens(for: grant, scopes: scopes, client: client)
    }

    /// The token response (RFC 6749 §5.1): an RFC 9068 access token for the grant's resource, and a new refresh
    /// token of the same sign-in when the client registered the refresh grant.
    private func tokens(for grant: AuthorizationGrant, scopes: [String], client: RegisteredClient)
        throws(OAuthFailure) -> Response
    {
        let claims = AccessTokenClaims(
            issuer: issuer, subject: grant.subject, audience: [grant.resource], scopes: scopes, clientID: client.id,
            now: store.now.rounded(.down), lifetime: settings.accessTokenLifetime, tokenID: OpaqueToken.make())
        let accessToken: String
        do {
            accessToken = try signer.sign(claims: claims.json)
        } catch {
            throw OAuthFailure("server_error", "the access token could not be signed")
        }
        var body: [String: JSONValue] = [
            "access_token": .string(accessToken), "token_type": "Bearer",
            "expires_in": .integer(Int(settings.accessTokenLifetime)),
            "scope": .string(scopes.joined(separator: " ")),
        ]
        if grant.refreshable {
            body["refresh_token"] = .string(store.issueRefreshToken(grant))
        }
        return .oauthJSON(.object(body))
    }
}
