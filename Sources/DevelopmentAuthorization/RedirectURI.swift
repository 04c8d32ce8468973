import Foundation
import TokenVerification

/// The redirect URIs a client may register and how an authorization request's `redirect_uri` must match one.
///
/// Registration (OAuth 2.1 §2.3.1, RFC 8252 §7): an absolute URI without a fragment (RFC 6749 §3.1.2) or user
/// information; `https` anywhere; `http` only to a loopback host (RFC 8252 §7.3); or a private-use scheme in
/// reverse-domain form, with a dot (RFC 8252 §7.1: `com.example.app:/callback`). Nothing else: `javascript:`,
/// `data:`, `file:` and plain `http` to another host are refused.
///
/// Matching (OAuth 2.1 §4.1.1, RFC 8252 §7.3): exactly the registered string, except that for `http` to a loopback
/// IP literal (or `localhost`) the port may differ, since a native client listens on whatever port is free.
enum RedirectURI {
    /// Why `uri` cannot be registered, or nil when it can.
    static func problem(_ uri: String) -> String? {
        // Foundation's parser accepts spaces, controls and non-ASCII here; a redirect URI has none of them.
        guard uri.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return "\(OAuthFailure.quote(uri)) contains spaces, control characters or non-ASCII; percent-encode them"
        }
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased() else {
            return "\(OAuthFailure.quote(uri)) is not an absolute URI"
        }
        if components.fragment != nil { return "\(OAuthFailure.quote(uri)) has a fragment (RFC 6749 §3.1.2)" }
        if components.user != nil || components.password != nil {
            return "\(OAuthFailure.quote(uri)) carries user information"
        }
        switch scheme {
        case "https":
            return (components.host ?? "").isEmpty ? "\(OAuthFailure.quote(uri)) has no host" : nil
        case "http":
            guard let host = components.host, LoopbackHost.contains(host) else {
                return "\(OAuthFailure.quote(uri)): plain http is only allowed to a loopback host (RFC 8252 §7.3)"
            }
            return nil
        case "javascript", "data", "file", "vbscript", "about", "blob", "ftp", "ws", "wss":
            return "\(OAuthFailure.quote(uri)): the \(scheme) scheme cannot be a redirect URI"
        default:
            guard scheme.contains(".") else {
                return "\(OAuthFailure.quote(uri)): a private-use scheme must be in reverse-domain form, with a dot "
                    + "(RFC 8252 §7.1)"
            }
            return nil
        }
    }

    /// Whether `uri` leads back to this machine: `http` to a loopback host, or a private-use scheme (an app here).
    /// Only such a redirect is followed without the user seeing where it goes: auto-approval and redirected errors
    /// (RFC 9700 §4.11.2); for any other the consent page or an error page is shown.
    static func isLocal(_ uri: String) -> Bool {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased() else {
            return false
        }
        if scheme == "http" { return components.host.map(LoopbackHost.contains) ?? false }
        return scheme != "https"
    }

    /// Whether an authorization request's `redirect_uri` matches the registered `registered`.
    static func matches(_ requested: String, registered: String) -> Bool {
        if requested == registered { return true }
        guard var asked = URLComponents(string: requested), var known = URLComponents(string: registered),
            asked.scheme == "http", known.scheme == "http", let host = asked.host, host == known.host,
            LoopbackHost.contains(host)
        else { return false }
        asked.port = nil
        known.port = nil
        return asked.string == known.string
    }
}
