import GatehouseJSON
import HTTPTypes
import Hummingbird
import NIOCore

/// An OAuth error as the token and registration endpoints answer it: a JSON body with `error` and
/// `error_description` (RFC 6749 §5.2, RFC 7591 §3.2.2), `Cache-Control: no-store`, and the status the RFCs name.
struct OAuthFailure: Error, Sendable, Equatable {
    /// The error code (`invalid_request`, `invalid_grant`, `invalid_client`, `invalid_target`, …).
    let code: String
    /// What was wrong and what to do, for a developer reading the response.
    let description: String
    /// 400, or 401 for `invalid_client`.
    let status: HTTPResponse.Status
    /// Whether the client tried HTTP Basic, so a 401 must carry a `Basic` challenge (RFC 6749 §5.2).
    var basicChallenge = false

    init(_ code: String, _ description: String, status: HTTPResponse.Status = .badRequest) {
        self.code = code
        self.description = Self.descriptionText(description)
        self.status = status
    }

    /// `text` within the characters RFC 6749 §5.2 allows in `error_description` (printable ASCII without `"` and
    /// `\`): `§` written out, quotes as `'`, anything else outside the set as `?`.
    static func descriptionText(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "§": result += "section "
            case "\"", "“", "”": result += "'"
            case "\\": result += "/"
            case "…": result += "..."
            case " "..."~": result.unicodeScalars.append(scalar)
            default: result += "?"
            }
        }
        return result
    }

    static func invalidRequest(_ description: String) -> OAuthFailure { OAuthFailure("invalid_request", description) }
    static func invalidGrant(_ description: String) -> OAuthFailure { OAuthFailure("invalid_grant", description) }
    static func invalidScope(_ description: String) -> OAuthFailure { OAuthFailure("invalid_scope", description) }
    static func invalidTarget(_ description: String) -> OAuthFailure { OAuthFailure("invalid_target", description) }
    static func invalidClient(_ description: String, basic: Bool = false) -> OAuthFailure {
        var failure = OAuthFailure("invalid_client", description, status: .unauthorized)
        failure.basicChallenge = basic
        return failure
    }

    /// A client-supplied value as an error may quote it: printable ASCII only, at most 60 characters, in quotes.
    static func quote(_ value: String) -> String {
        "\""
            + String(
                String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" }).prefix(60))
            + "\""
    }

    /// The JSON response.
    var response: Response {
        var headers = HTTPFields.oauthJSON
        if basicChallenge { headers[.wwwAuthenticate] = "Basic realm=\"gatehouse development issuer\"" }
        let body: JSONValue = ["error": .string(code), "error_description": .string(description)]
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.serialize(body))))
    }
}

extension Response {
    /// A JSON response that no cache may keep (tokens, registrations).
    static func oauthJSON(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: .oauthJSON,
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.serialize(value))))
    }

    /// The answer to a CORS preflight of the token or registration endpoint.
    static var preflight: Response {
        Response(
            status: .noContent,
            headers: [
                .accessControlAllowOrigin: "*", .accessControlAllowMethods: "POST, OPTIONS",
                .accessControlAllowHeaders: "Authorization, Content-Type, Accept", .accessControlMaxAge: "600",
            ])
    }
}

extension HTTPFields {
    /// The headers of every JSON answer of the token and registration endpoints: not cached (RFC 6749 §5.1), and
    /// readable by browser-based clients such as the MCP Inspector. `Access-Control-Allow-Origin: *` never comes
    /// with credentials (cookies), and these endpoints use none: a client authenticates with its own secret.
    static var oauthJSON: HTTPFields {
        [
            .contentType: "application/json", .cacheControl: "no-store", .pragma: "no-cache",
            .accessControlAllowOrigin: "*",
        ]
    }
}
