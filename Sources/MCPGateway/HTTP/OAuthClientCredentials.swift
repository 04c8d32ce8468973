public import AsyncHTTPClient
public import Foundation
import GatehouseJSON
import NIOCore
import NIOHTTP1

/// The gateway's own access token for an upstream, from the upstream's authorization server with the client
/// credentials grant (RFC 6749 §4.4), sent as `Authorization: Bearer` (RFC 6750 §2.1). Never the caller's token.
///
/// - The client authenticates with HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1: id and secret
///   form-urlencoded first); `scope` and the RFC 8707 `resource` (the upstream's URL, so the token is
///   audience-restricted to it) are sent when configured.
/// - The token is kept until 30 s before its `expires_in` (five minutes when the server sends none), fetched once
///   for concurrent callers, and dropped when the upstream answers 401 (``invalidate()``).
/// - The response must be JSON with a `Bearer` `token_type` and an `access_token`; an error names the status and
///   the OAuth `error` code, never the secret or a token.
public actor OAuthClientCredentials: UpstreamCredentials {
    private let tokenEndpoint: URL
    private let clientID: String
    private let clientSecret: String
    private let scope: String?
    private let resource: String?
    private let httpClient: HTTPClient
    private var cached: (token: String, expires: ContinuousClock.Instant)?
    private var pending: Task<(String, Duration), any Error>?

    /// Creates the credentials; nothing is fetched until the first request to the upstream.
    public init(
        tokenEndpoint: URL, clientID: String, clientSecret: String, scope: String? = nil, resource: String? = nil,
        httpClient: HTTPClient = .gatehouseUpstreams
    ) {
        self.tokenEndpoint = tokenEndpoint
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.resource = resource
        self.httpClient = httpClient
    }

    public func headers() async throws(UpstreamCredentialError) -> [(name: String, value: String)] {
        if let cached, ContinuousClock.now < cached.expires { return [("Authorization", "Bearer " + cached.token)] }
        let task =
            pending
            ?? Task { [tokenEndpoint, clientID, clientSecret, scope, resource, httpClient] in
                try await Self.fetch(
                    tokenEndpoint: tokenEndpoint, clientID: clientID, clientSecret: clientSecret, scope: scope,
                    resource: resource, httpClient: httpClient)
            }
        pending = task
        defer { pending = nil }
        do {
            let (token, lifetime) = try await task.value
            cached = (token, .now + max(.seconds(1), lifetime - .seconds(30)))
            return [("Authorization", "Bearer " + token)]
        } catch let error as UpstreamCredentialError {
            throw error
        } catch {
            throw UpstreamCredentialError("the token endpoint could not be reached")
        }
    }

    public func invalidate() async {
        cached = nil
    }

    /// What is sent: the grant, and the scope and resource when configured.
    static func formBody(scope: String?, resource: String?) -> String {
        var fields = [("grant_type", "client_credentials")]
        if let scope { fields.append(("scope", scope)) }
        if let resource { fields.append(("resource", resource)) }
        return fields.map { "\($0.0)=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded` (RFC 6749 Appendix B): unreserved characters as they are, others %XX.
    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    private static func fetch(
        tokenEndpoint: URL, clientID: String, clientSecret: String, scope: String?, resource: String?,
        httpClient: HTTPClient
    ) async throws(UpstreamCredentialError) -> (String, Duration) {
        var request = HTTPClientRequest(url: tokenEndpoint.absoluteString)
        request.method = .POST
        let basic = Data((formEncode(clientID) + ":" + formEncode(clientSecret)).utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic " + basic)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: formBody(scope: scope, resource: resource)))
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
            let code = object?["error"]?.stringValue.map { ", error \(String($0.prefix(64)))" } ?? ""
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
        return (token, .milliseconds(Int(max(0, min(seconds, 86_400)) * 1000)))
    }
}
