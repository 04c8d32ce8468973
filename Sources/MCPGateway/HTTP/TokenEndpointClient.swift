import AsyncHTTPClient
import Foundation
import GatehouseJSON
import NIOCore
import NIOHTTP1

/// The gateway as a confidential client of one OAuth token endpoint (RFC 6749 §3.2): a form POST authenticated
/// with HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1: id and secret form-urlencoded first), answered by a
/// JSON token response (RFC 6749 §5.1) or error (§5.2). Shared by the client credentials grant and token exchange.
///
/// Errors name the status and the OAuth `error` code, never the secret, a token or the server's description
/// (which could echo either).
struct TokenEndpointClient: Sendable {
    /// A token the endpoint issued.
    struct IssuedToken: Sendable {
        /// The access token (checked to be header-safe).
        let value: String
        /// How long it is valid: `expires_in`, five minutes when the server sends none, at most a day.
        let lifetime: Duration
        /// RFC 8693 §2.2.1 `issued_token_type`, when the server sent one.
        let issuedTokenType: String?
    }

    let url: URL
    let clientID: String
    let clientSecret: String
    let httpClient: HTTPClient

    /// Sends `fields` (grant type and parameters) and returns the Bearer token of a 200 answer.
    func requestToken(_ fields: [(String, String)]) async throws(UpstreamCredentialError) -> IssuedToken {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        let basic = Data((Self.formEncode(clientID) + ":" + Self.formEncode(clientSecret)).utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic " + basic)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: Self.formBody(fields)))
        let body: ByteBuffer
        let status: Int
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: 64 << 10)
        } catch {
            throw UpstreamCredentialError("the token endpoint could not be reached")
        }
        let object = try? StrictJSONParser().parseObject(body.readableBytesView)
        guard status == 200 else {
            let code = object?["error"]?.stringValue.map { ", error \(Self.printable($0))" } ?? ""
            throw UpstreamCredentialError("the token endpoint answered HTTP \(status)\(code)")
        }
        guard let object, let token = object["access_token"]?.stringValue, !token.isEmpty,
            object["token_type"]?.stringValue?.lowercased() == "bearer"
        else {
            throw UpstreamCredentialError("the token endpoint's answer has no Bearer access_token")
        }
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw UpstreamCredentialError("the access token is not a header-safe string")
        }
        let seconds = object["expires_in"]?.doubleValue ?? 300
        return IssuedToken(
            value: token, lifetime: .milliseconds(Int(max(0, min(seconds, 86_400)) * 1000)),
            issuedTokenType: object["issued_token_type"]?.stringValue)
    }

    /// The form body (RFC 6749 Appendix B).
    static func formBody(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded` (RFC 6749 Appendix B): unreserved characters as they are, others %XX.
    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// An OAuth error code as it may be logged: at most 64 printable ASCII characters (RFC 6749 §5.2 allows no
    /// others in `error`).
    static func printable(_ code: String) -> String {
        String(String(code.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }).prefix(64))
    }
}
