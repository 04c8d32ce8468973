import HTTPTypes
import Hummingbird
import NIOCore

/// The development issuer's HTML: the consent page and the error page shown when a request cannot be sent back to
/// the client. Everything from the request is escaped; the page cannot be framed (clickjacking) nor cached, and
/// sends no referrer to another site.
struct HTMLPage: Sendable {
    /// The page title.
    let title: String
    /// The body, already HTML.
    let body: String

    /// Escapes `text` for HTML text and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// The error page for `problem`.
    static func error(_ problem: String) -> HTMLPage {
        HTMLPage(
            title: "Sign-in failed",
            body: "<h1>Sign-in failed</h1><p>\(escape(problem))</p>"
                + "<p>Start the sign-in again from your MCP client.</p>")
    }

    /// The response.
    func response(status: HTTPResponse.Status = .ok) -> Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title)) · Gatehouse development issuer</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em;color:#222}
            .warning{background:#fff3cd;border:1px solid #e0c45c;padding:.5em 1em;border-radius:4px}
            code{background:#f3f3f3;padding:0 .2em;word-break:break-all}button{font-size:1em;padding:.4em 1.2em;margin-right:1em}
            input{font-size:1em;padding:.2em}</style></head>
            <body><p class="warning"><strong>Development issuer.</strong> Its signing keys are public: never use it in \
            production.</p>
            \(body)
            </body></html>
            """
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                .xFrameOptions: "DENY",
                // Not no-referrer: under it browsers send `Origin: null` with the consent form, which the same-origin
                // check must then refuse. same-origin sends nothing to other sites either.
                .referrerPolicy: "same-origin",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

extension HTTPField.Name {
    /// `X-Frame-Options` (RFC 7034): the consent page is never framed.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    /// `Referrer-Policy`: URLs of the flow (codes, state) never leak through a referrer.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// `Sec-Fetch-Site` (Fetch Metadata): whether a request comes from this site's own page.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    /// `Pragma: no-cache` beside `Cache-Control: no-store`, as RFC 6749 §5.1 shows for token responses.
    static let pragma = HTTPField.Name("Pragma")!
}
