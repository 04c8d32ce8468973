import Foundation

/// The consent page: who is asking (the client's name as it stated it, and how far that can be trusted), where the
/// answer goes (the redirect URI's host), what for (the resource and the scopes), and as whom (a user name the
/// developer types: the token's `sub`). The form carries a one-time ticket and nothing else of the request.
struct ConsentPage {
    /// The request waiting for an answer.
    let request: PendingAuthorization
    /// Its ticket.
    let ticket: String
    /// Where the form posts (`…/authorize`).
    let action: String

    /// The page.
    var page: HTMLPage {
        let client = request.client
        let name = client.name.map(HTMLPage.escape) ?? "An unnamed client"
        let identity: String
        switch client.origin {
        case .metadataDocument:
            identity = "Its identity was fetched from <code>\(HTMLPage.escape(client.id))</code>."
        case .dynamicRegistration, .configured:
            identity = "It registered itself: its name is <em>unverified</em>."
        }
        let host = URLComponents(string: request.redirectURI)?.host ?? request.redirectURI
        let scopes =
            request.scopes.isEmpty
            ? "<li>no scopes</li>"
            : request.scopes.map { scope in
                "<li><label><input type=\"checkbox\" name=\"\(HTMLPage.escape(Self.field(of: scope)))\" checked> "
                    + "<code>\(HTMLPage.escape(scope))</code></label></li>"
            }.joined()
        return HTMLPage(
            title: "Sign in",
            body: """
                <h1>Allow access?</h1>
                <p><strong>\(name)</strong> asks for access. \(identity) The answer goes to \
                <code>\(HTMLPage.escape(host))</code>.</p>
                <p>Resource: <code>\(HTMLPage.escape(request.resource))</code></p>
                <form method="post" action="\(HTMLPage.escape(action))">
                <p>Scopes (untick what you do not grant):</p><ul>\(scopes)</ul>
                <input type="hidden" name="ticket" value="\(HTMLPage.escape(ticket))">
                <p><label>Sign in as <input name="subject" value="developer" maxlength="64" required \
                pattern="[A-Za-z0-9._@-]{1,64}"></label></p>
                <p><button name="decision" value="approve">Approve</button>\
                <button name="decision" value="deny" formnovalidate>Deny</button></p>
                </form>
                """)
    }

    /// The form field of a scope's checkbox (`scope:notes.read`): present in the answer when ticked.
    static func field(of scope: String) -> String { "scope:" + scope }

    /// The scopes of `request` the user left ticked in `form`.
    static func granted(_ request: PendingAuthorization, form: [String: String]) -> [String] {
        request.scopes.filter { form[field(of: $0)] != nil }
    }
}
