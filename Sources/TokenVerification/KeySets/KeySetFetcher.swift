/// Fetches documents (JWK Sets and authorization-server metadata) for ``RemoteKeySet``.
///
/// The production implementation is ``HTTPKeySetFetcher``; tests may supply their own.
public protocol KeySetFetcher: Sendable {
    /// Fetches `url` and returns its body, refusing bodies over `maximumBytes`.
    func fetch(_ url: String, maximumBytes: Int) async throws -> FetchedDocument
}

/// A fetched document.
public struct FetchedDocument: Sendable {
    /// The body.
    public var body: [UInt8]
    /// The `Cache-Control` header, if any.
    public var cacheControl: String?

    /// Creates a document.
    public init(body: [UInt8], cacheControl: String? = nil) {
        self.body = body
        self.cacheControl = cacheControl
    }
}

/// Why a fetch failed; the message names no secret.
public struct KeySetFetchError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
