import Foundation
import HTTPTypes
import GatehouseJSON
import Hummingbird
import NIOCore

/// RFC 7591 dynamic client registration. The MCP specification now prefers client ID metadata documents, but many
/// clients still register this way. Open to anyone, as RFC 7591 §3 allows: registrations are bounded in number and
/// live in memory.
extension DevelopmentAuthorizationServer {
    /// `POST …/register`: a JSON object of client metadata (``ClientMetadata``); `201` with the client's id, its
    /// secret unless it is public, and the metadata as accepted (RFC 7591 §3.2.1).
    func register(_ request: Request) async -> Response {
        do {
            let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
                .lowercased()
            guard type == "application/json" else {
                throw OAuthFailure("invalid_client_metadata", "the body must be application/json (RFC 7591 §3)")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: 16 * 1024)
            } catch {
                throw OAuthFailure("invalid_client_metadata", "the body is larger than 16 KiB")
            }
            let document: JSONValue
            do {
                document = try StrictJSONParser().parse(Array(buffer: body))
            } catch {
                throw OAuthFailure("invalid_client_metadata", "the body is not JSON: \(error)")
            }
            let metadata = try ClientMetadata(
                document, defaultAuthentication: .clientSecretBasic,
                allowedAuthentication: RegisteredClient.Authentication.allCases)
            let secret = metadata.authentication == .none ? nil : OpaqueToken.make()
            let client = RegisteredClient(
                id: OpaqueToken.make(prefix: "dev-client-"), secretDigest: secret.map(OpaqueToken.digest),
                authentication: metadata.authentication, redirectURIs: metadata.redirectURIs,
                grantTypes: metadata.grantTypes, name: metadata.name, origin: .dynamicRegistration,
                issuedAt: store.now.rounded(.down))
            store.register(client)
            var answer = metadata.json
            answer["client_id"] = .string(client.id)
            answer["client_id_issued_at"] = .integer(Int(client.issuedAt))
            if let secret {
                answer["client_secret"] = .string(secret)
                answer["client_secret_expires_at"] = 0
            }
            return .oauthJSON(.object(answer), status: .created)
        } catch let failure as OAuthFailure {
            return failure.response
        } catch {
            return OAuthFailure("invalid_client_metadata", "the registration failed").response
        }
    }
}
