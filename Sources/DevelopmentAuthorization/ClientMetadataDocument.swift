import Foundation
import HTTPTypes
import GatehouseJSON
import TokenVerification

/// Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document, which the MCP authorization
/// specification recommends): the `client_id` is an `https` URL, and the metadata is the JSON document found there.
///
/// Fetched with the same guards as JWKS (``TokenVerification/HTTPKeySetFetcher``): `https` only (plain `http` to a
/// loopback host, for local tests), no redirects, a deadline, at most 5 KiB (the draft's §6.5 suggestion), no
/// compressed bodies. The document must name itself as `client_id` exactly (§4.1), may not carry a secret
/// (§4.1: `client_secret` MUST NOT appear), and its client is public (`token_endpoint_auth_method: none`).
enum ClientMetadataDocument {
    /// The most bytes read.
    static let maximumBytes = 5 * 1024

    /// Whether `clientID` is meant as a metadata document URL (rather than a registered client's id).
    static func isDocumentURL(_ clientID: String) -> Bool {
        clientID.hasPrefix("https://") || clientID.hasPrefix("http://")
    }

    /// Fetches and checks the document of `url`.
    /// - Throws: ``OAuthFailure`` (`invalid_client`) naming what is wrong with the URL or the document.
    static func client(at url: String, fetcher: any KeySetFetcher, now: Double) async throws(OAuthFailure)
        -> RegisteredClient
    {
        try checkURL(url)
        let document: FetchedDocument
        do {
            document = try await fetcher.fetch(url, maximumBytes: maximumBytes)
        } catch {
            throw invalid("the client metadata document could not be fetched: \(error)")
        }
        let json: JSONValue
        do {
            json = try StrictJSONParser().parse(document.body)
        } catch {
            throw invalid("the client metadata document at \(OAuthFailure.quote(url)) is not JSON: \(error)")
        }
        guard json["client_id"]?.stringValue == url else {
            throw invalid(
                "the document at \(OAuthFailure.quote(url)) names client_id \(json["client_id"]?.stringValue.map(OAuthFailure.quote) ?? "(none)"); it must be its own URL exactly"
            )
        }
        if json["client_secret"] != nil || json["client_secret_expires_at"] != nil {
            throw invalid("a client metadata document must not contain client_secret (it is public)")
        }
        let metadata: ClientMetadata
        do {
            metadata = try ClientMetadata(json, defaultAuthentication: .none, allowedAuthentication: [.none])
        } catch {
            throw invalid("the client metadata document at \(OAuthFailure.quote(url)): \(error.description)")
        }
        return RegisteredClient(
            id: url, secretDigest: nil, authentication: .none, redirectURIs: metadata.redirectURIs,
            grantTypes: metadata.grantTypes, name: metadata.name, origin: .metadataDocument, issuedAt: now)
    }

    /// The URL rules of §3: a path other than `/`, no fragment, no user information, no `.` or `..` segments.
    static func checkURL(_ url: String) throws(OAuthFailure) {
        guard url.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw invalid("client_id \(OAuthFailure.quote(url)) contains spaces, control characters or non-ASCII")
        }
        guard let components = URLComponents(string: url), components.host?.isEmpty == false else {
            throw invalid("client_id \(OAuthFailure.quote(url)) is not a URL")
        }
        let segments = components.path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.path.count > 1, components.fragment == nil, components.user == nil,
            components.password == nil, !segments.contains("."), !segments.contains("..")
        else {
            throw invalid(
                "client_id \(OAuthFailure.quote(url)) is not a valid client metadata document URL: it needs a path, "
                    + "and no fragment, user information or dot segments")
        }
    }

    private static func invalid(_ description: String) -> OAuthFailure {
        OAuthFailure("invalid_client", description, status: .badRequest)
    }
}
