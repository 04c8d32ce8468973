import Foundation
import HTTPTypes
import NIOCore
import Hummingbird
import TokenVerification

/// The authorization endpoint (OAuth 2.1 §4.1.1), GET for the request and POST for the consent form.
extension DevelopmentAuthorizationServer {
    /// `GET …/authorize`: checks the request; until the client and its redirect URI are known good, a problem is
    /// shown to the user and never redirected (RFC 6749 §4.1.2.1: an open redirector otherwise); after that, it is
    /// sent back to the client as `error=…` with `state` and `iss`. A valid request gets the consent page, or a code
    /// at once with auto-approve.
    func authorize(_ request: Request) async -> Response {
        let query: [String: String]
        do {
            query = try FormURLEncoding.decode(request.uri.query ?? "")
        } catch {
            return HTMLPage.error("The authorization request cannot be read: \(error.description).")
                .response(status: .badRequest)
        }
        guard let clientID = query["client_id"] else {
            return HTMLPage.error("The authorization request has no client_id.").response(status: .badRequest)
        }
        let client: RegisteredClient
        do {
            client = try await self.client(clientID, fetching: true)
        } catch {
            return HTMLPage.error(error.description).response(status: .badRequest)
        }
        guard client.allows("authorization_code") else {
            return HTMLPage.error(
                "The client \(OAuthFailure.quote(clientID)) is for the client credentials grant only; "
                    + "an interactive client registers itself (dynamic registration or a client ID metadata document)."
            ).response(status: .badRequest)
        }
        guard let redirectURI = query["redirect_uri"] else {
            return HTMLPage.error("The authorization request has no redirect_uri.").response(status: .badRequest)
        }
        guard client.redirectURIs.contains(where: { RedirectURI.matches(redirectURI, registered: $0) }) else {
            return HTMLPage.error(
                "The redirect_uri \(OAuthFailure.quote(redirectURI)) is not one the client registered "
                    + "(\(client.redirectURIs.joined(separator: ", ")))."
            ).response(status: .badRequest)
        }
        let state = query["state"]
        guard (state?.utf8.count ?? 0) <= 1024 else {
            return HTMLPage.error("The state parameter is longer than 1024 bytes.").response(status: .badRequest)
        }
        let pending: PendingAuthorization
        do {
            pending = try self.pending(query, client: client, redirectURI: redirectURI, state: state)
        } catch {
            // A redirect leaving this machine is not followed on an error: the user sees where it would have gone.
            guard RedirectURI.isLocal(redirectURI) else {
                return HTMLPage.error(
                    "The request of \(client.name.map(OAuthFailure.quote) ?? "the client") cannot be approved: "
                        + "\(error.description) (it would have returned to \(OAuthFailure.quote(redirectURI)))."
                )
                .response(status: .badRequest)
            }
            return redirect(
                to: redirectURI, ["error": error.code, "error_description": error.description], state: state)
        }
        // Auto-approval only hands codes to this machine: a client whose redirect leaves it (any website can
        // register one) still gets the consent page, so a page the developer visits cannot sign itself in.
        if settings.autoApprove && RedirectURI.isLocal(redirectURI) {
            return approve(pending, subject: settings.autoApproveSubject, scopes: pending.scopes, status: .found)
        }
        let ticket = store.park(pending)
        return ConsentPage(request: pending, ticket: ticket, action: path + "/authorize").page.response()
    }

    /// `POST …/authorize`: the consent form's answer. The ticket works once; `approve` issues a code for the
    /// subject typed, `deny` sends `access_denied`. A form posted from another origin is refused (its `Origin`
    /// must be this server's, when the browser sends one).
    func consent(_ request: Request) async -> Response {
        if let origin = request.headers[.origin], !issuer.hasPrefix(origin + "/") {
            // `Origin: null` comes from privacy settings and sandboxed documents; accepted only when the browser
            // also says the form is this site's own (Fetch Metadata).
            let sameSite = origin == "null" && request.headers[.secFetchSite] == "same-origin"
            guard sameSite else {
                return HTMLPage.error(
                    "The consent form was posted from another site (\(OAuthFailure.quote(origin))); answer it on the "
                        + "page this server showed."
                ).response(status: .forbidden)
            }
        }
        let form: [String: String]
        do {
            form = try await Self.form(of: request)
        } catch {
            return HTMLPage.error(error.description).response(status: .badRequest)
        }
        let decision = form["decision"]
        if decision == nil && form["ticket"] == nil {
            return HTMLPage.error(
                "An authorization request must be a GET; a POST here is the consent form's answer."
            ).response(status: .badRequest)
        }
        guard decision == "approve" || decision == "deny" else {
            return HTMLPage.error("The consent form's decision must be approve or deny.").response(status: .badRequest)
        }
        let subject = form["subject"] ?? settings.autoApproveSubject
        if decision == "approve", let problem = Self.subjectProblem(subject) {
            return HTMLPage.error(problem + " Go back and correct it.").response(status: .badRequest)
        }
        guard let ticket = form["ticket"], let pending = store.takeParked(ticket) else {
            return HTMLPage.error(
                "This consent page has expired or was already answered."
            ).response(status: .badRequest)
        }
        guard decision == "approve" else {
            return redirect(
                to: pending.redirectURI,
                ["error": "access_denied", "error_description": "the user denied the request"],
                state: pending.state, status: .seeOther)
        }
        return approve(pending, subject: subject, scopes: ConsentPage.granted(pending, form: form), status: .seeOther)
    }

    /// The client `clientID` names: registered, the development client, or a metadata document URL: fetched when
    /// `fetching` (the authorization endpoint); otherwise (the token endpoint, which any page can reach) never — a
    /// document's client is public, and the code or refresh token it presents is bound to its `client_id`.
    func client(_ clientID: String, fetching: Bool) async throws(OAuthFailure) -> RegisteredClient {
        if let known = store.client(clientID) { return known }
        if clientID == settings.developmentClient.id {
            return RegisteredClient(
                id: clientID, secretDigest: OpaqueToken.digest(settings.developmentClient.secret),
                authentication: .clientSecretBasic, redirectURIs: [], grantTypes: ["client_credentials"],
                name: "Gatehouse development client", origin: .configured, issuedAt: 0)
        }
        guard ClientMetadataDocument.isDocumentURL(clientID) else {
            throw OAuthFailure(
                "invalid_client",
                "The client \(OAuthFailure.quote(clientID)) is not registered here (registrations are kept in memory: "
                    + "after a restart the client must register again).")
        }
        guard fetching else {
            try ClientMetadataDocument.checkURL(clientID)
            return RegisteredClient(
                id: clientID, secretDigest: nil, authentication: .none, redirectURIs: [], grantTypes: [], name: nil,
                origin: .metadataDocument, issuedAt: store.now)
        }
        let client = try await ClientMetadataDocument.client(at: clientID, fetcher: fetcher, now: store.now)
        store.cacheDocument(client)
        return client
    }

    /// The checks after the client and redirect URI: response type, PKCE, resource, scopes, the client's grants.
    private func pending(
        _ query: [String: String], client: RegisteredClient, redirectURI: String, state: String?
    ) throws(OAuthFailure) -> PendingAuthorization {
        guard query["response_type"] == "code" else {
            throw OAuthFailure(
                "unsupported_response_type",
                "response_type must be code (given: \(query["response_type"].map(OAuthFailure.quote) ?? "none"))")
        }
        guard client.allows("authorization_code") else {
            throw OAuthFailure("unauthorized_client", "this client may not use the authorization code grant")
        }
        if query["request"] != nil || query["request_uri"] != nil {
            throw OAuthFailure("request_not_supported", "request objects are not supported")
        }
        let challenge = try PKCE.checkChallenge(query["code_challenge"], method: query["code_challenge_method"])
        let resource = try resource(query["resource"])
        let scopes = try scopes(query["scope"], default: resource.defaultScopes)
        return PendingAuthorization(
            client: client, redirectURI: redirectURI, codeChallenge: challenge, resource: resource.identifier,
            scopes: scopes, state: state)
    }

    /// Issues the code of an approved request for the `scopes` granted (those asked for, or fewer when the user
    /// unticked some: RFC 6749 §3.3 lets the server grant less, and the token response says what) and redirects
    /// with it (`302` from the GET, `303` from the form).
    private func approve(
        _ pending: PendingAuthorization, subject: String, scopes: [String], status: HTTPResponse.Status
    ) -> Response {
        let grant = AuthorizationGrant(
            clientID: pending.client.id, subject: subject, resource: pending.resource, scopes: scopes,
            family: OpaqueToken.make(), refreshable: pending.client.allows("refresh_token"),
            expires: store.now + store.lifetimes.refresh)
        let code = store.issueCode(
            IssuedCode(grant: grant, redirectURI: pending.redirectURI, codeChallenge: pending.codeChallenge))
        return redirect(to: pending.redirectURI, ["code": code], state: pending.state, status: status)
    }

    /// A redirect to the client with `parameters`, its `state` and this issuer's `iss` (RFC 9207 §2), added to any
    /// query the redirect URI already has (RFC 6749 §3.1.2).
    private func redirect(
        to redirectURI: String, _ parameters: [String: String], state: String?, status: HTTPResponse.Status = .found
    ) -> Response {
        var fields = parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let state { fields.append(("state", state)) }
        fields.append(("iss", issuer))
        let separator = redirectURI.contains("?") ? "&" : "?"
        return Response(
            status: status,
            headers: [
                .location: redirectURI + separator + FormURLEncoding.encode(fields), .cacheControl: "no-store",
                .referrerPolicy: "no-referrer",
            ])
    }

    /// Why `subject` cannot be a token's `sub`, or nil: 1 to 64 letters, digits and `._@-`.
    static func subjectProblem(_ subject: String) -> String? {
        let allowed = subject.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "._@-".unicodeScalars.contains(scalar))
        }
        return (1...64).contains(subject.count) && allowed
            ? nil : "The user name must be 1 to 64 letters, digits or the characters . _ @ -."
    }

    /// The `application/x-www-form-urlencoded` body of `request` (at most 16 KiB).
    static func form(of request: Request) async throws(OAuthFailure) -> [String: String] {
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard type == "application/x-www-form-urlencoded" else {
            throw .invalidRequest("the body must be application/x-www-form-urlencoded (RFC 6749 §3.2)")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 16 * 1024)
        } catch {
            throw .invalidRequest("the body is larger than 16 KiB")
        }
        do {
            return try FormURLEncoding.decode(String(buffer: body))
        } catch {
            throw .invalidRequest("the form cannot be read: \(error.description)")
        }
    }
}
