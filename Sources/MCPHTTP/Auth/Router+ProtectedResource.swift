import GatehouseJSON
public import Hummingbird
public import ProtectedResource

extension Router {
    /// Serves `metadata` (RFC 9728) at its path-inserted well-known URL and, when `atRoot` (one primary endpoint
    /// per origin), also at `/.well-known/oauth-protected-resource`.
    ///
    /// The documents are public: cacheable for an hour and readable from any browser origin. A resource that is
    /// not configured has no document (404, from the router).
    public func addProtectedResourceMetadata(_ metadata: ProtectedResourceMetadata, atRoot: Bool = false) {
        guard let location = WellKnownLocation(resource: metadata.resource) else { return }
        let body = JSONWriter.serialize(metadata.json)
        let handler: @Sendable (Request, Context) async throws -> Response = { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "application/json", .cacheControl: "public, max-age=3600",
                    .accessControlAllowOrigin: "*",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body))
            )
        }
        get(RouterPath(location.path), use: handler)
        if atRoot && !location.resourcePath.isEmpty { get(RouterPath(WellKnownLocation.prefix), use: handler) }
    }
}
