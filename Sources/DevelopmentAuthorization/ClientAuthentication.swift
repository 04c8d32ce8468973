import Foundation
import HTTPTypes
import TokenVerification

/// Client authentication at the token endpoint (RFC 6749 §2.3.1, RFC 7591 `token_endpoint_auth_method`): the
/// client must use exactly the method it registered; a public client proves nothing here (PKCE binds its code), a
/// confidential one presents its secret by HTTP Basic or in the body, never both (§2.3: "MUST NOT use more than
/// one authentication method in each request").
extension DevelopmentAuthorizationServer {
    /// The client of a token request.
    /// - Throws: `invalid_client` (401, with a `Basic` challenge when Basic was tried) or `invalid_request`.
    func authenticatedClient(_ form: [String: String], authorization: String?) async throws(OAuthFailure)
        -> RegisteredClient
    {
        let basic = try authorization.map { header throws(OAuthFailure) in try Self.basicCredentials(header) }
        if basic != nil, form["client_secret"] != nil {
            throw .invalidRequest("the client authenticated twice (Basic and client_secret); use one method")
        }
        if let basic, let bodyID = form["client_id"], bodyID != basic.id {
            throw .invalidClient("client_id differs from the Basic credentials' client", basic: true)
        }
        guard let clientID = basic?.id ?? form["client_id"] else {
            throw .invalidClient("the client is not identified: send client_id, or HTTP Basic credentials")
        }
        let client: RegisteredClient
        do {
            client = try await self.client(clientID, fetching: false)
        } catch {
            throw .invalidClient("unknown client: \(error.description)", basic: basic != nil)
        }
        let presented = basic?.secret ?? form["client_secret"]
        let method: RegisteredClient.Authentication =
            basic != nil ? .clientSecretBasic : presented != nil ? .clientSecretPost : .none
        // The configured client may use either secret method.
        let acceptable =
            client.origin == .configured ? [.clientSecretBasic, .clientSecretPost] : [client.authentication]
        guard acceptable.contains(method) else {
            throw .invalidClient(
                "this client registered token_endpoint_auth_method \(client.authentication.rawValue) but used "
                    + method.rawValue, basic: basic != nil)
        }
        if let digest = client.secretDigest {
            guard let presented, OpaqueToken.same(OpaqueToken.digest(presented), digest) else {
                throw .invalidClient("the client secret is wrong", basic: basic != nil)
            }
        }
        return client
    }

    /// The client id and secret of an `Authorization: Basic …` field, each form-decoded (RFC 6749 §2.3.1).
    static func basicCredentials(_ header: String) throws(OAuthFailure) -> (id: String, secret: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1])).flatMap({ String(data: $0, encoding: .utf8) }),
            let colon = decoded.firstIndex(of: ":")
        else {
            throw .invalidClient("the Authorization field is not valid Basic credentials", basic: true)
        }
        do {
            return (
                try FormURLEncoding.decodeValue(String(decoded[..<colon])),
                try FormURLEncoding.decodeValue(String(decoded[decoded.index(after: colon)...]))
            )
        } catch {
            throw .invalidClient("the Basic credentials are not form-encoded (RFC 6749 §2.3.1)", basic: true)
        }
    }
}

extension RegisteredClient.Origin: Equatable {}
