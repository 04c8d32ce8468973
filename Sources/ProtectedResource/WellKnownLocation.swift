/// Where a resource's metadata document is served (RFC 9728 §3.1): `/.well-known/oauth-protected-resource`
/// inserted between the host and the path of the resource identifier.
///
/// `https://h/mcp/claude` → `https://h/.well-known/oauth-protected-resource/mcp/claude`; a host-only resource
/// uses the root location `https://h/.well-known/oauth-protected-resource`.
public struct WellKnownLocation: Sendable, Hashable {
    /// The well-known path prefix.
    public static let prefix = "/.well-known/oauth-protected-resource"

    /// `scheme://authority` of the resource.
    public let origin: String
    /// The resource's path (and query), or empty.
    public let resourcePath: String

    /// Splits `resource`; `nil` unless it is an absolute `http`/`https` URL without a fragment.
    public init?(resource: String) {
        guard !resource.contains("#"), let schemeEnd = resource.range(of: "://") else { return nil }
        let scheme = resource[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { return nil }
        let afterScheme = resource[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        guard pathStart > afterScheme.startIndex else { return nil }
        origin = String(resource[..<pathStart])
        let path = String(afterScheme[pathStart...])
        resourcePath = path == "/" ? "" : path
    }

    /// The path of the path-inserted metadata URL (what a router serves).
    public var path: String { Self.prefix + resourcePath }

    /// The full path-inserted metadata URL (what goes into `resource_metadata`).
    public var url: String { origin + path }

    /// The root metadata URL of the resource's origin.
    public var rootURL: String { origin + Self.prefix }
}

extension StringProtocol {
    fileprivate func range(of needle: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
