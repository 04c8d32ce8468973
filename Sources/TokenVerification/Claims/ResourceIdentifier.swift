/// A resource indicator (RFC 8707 §2): an absolute URI naming a protected resource, in canonical form.
///
/// Canonicalization follows RFC 3986 §6.2.2–6.2.3 and the MCP authorization specification: scheme and host
/// lowercased, the scheme's default port removed, the fragment dropped, an empty path written as no path.
/// The path and query are kept exactly. A URI with user information is refused (it has no place in a resource
/// indicator and is a known phishing shape).
///
/// ```swift
/// ResourceIdentifier("HTTPS://Example.COM:443/mcp")?.canonical  // "https://example.com/mcp"
/// ```
public struct ResourceIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// Lowercased scheme.
    public let scheme: String
    /// Lowercased host (IPv6 literals keep their brackets).
    public let host: String
    /// The port, unless it is the scheme's default.
    public let port: Int?
    /// The path, exactly as given; empty for host-only URIs.
    public let path: String
    /// The query, without `?`, if any.
    public let query: String?
    /// The canonical string form.
    public let canonical: String

    public var description: String { canonical }

    /// Parses `string`, or returns `nil` if it is not an absolute `scheme://authority…` URI.
    public init?(_ string: String) {
        let text = string.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon].lowercased()
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        let rest = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = Substring(authority)
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Self.port(after.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = Self.port(authority[authority.index(after: colon)...]) else { return nil }
            port = value
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { return nil }
        if port == Self.defaultPorts[scheme] { port = nil }
        let pathAndQuery = rest[authorityEnd...]
        let path: Substring
        let query: Substring?
        if let questionMark = pathAndQuery.firstIndex(of: "?") {
            path = pathAndQuery[..<questionMark]
            query = pathAndQuery[pathAndQuery.index(after: questionMark)...]
        } else {
            path = pathAndQuery
            query = nil
        }
        guard !path.contains(where: { $0.isWhitespace }), !(query?.contains(where: { $0.isWhitespace }) ?? false) else {
            return nil
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        // RFC 3986 §6.2.3: for http(s) an empty path and "/" are equivalent; write it as empty.
        self.path = path == "/" ? "" : String(path)
        self.query = query.map(String.init)
        var canonical = "\(scheme)://\(self.host)"
        if let port { canonical += ":\(port)" }
        canonical += self.path
        if let query { canonical += "?\(query)" }
        self.canonical = canonical
    }

    /// The canonical form with one trailing slash removed from a non-empty path, for the lenient policy.
    var withoutTrailingSlash: String {
        guard query == nil, path.count > 1, path.hasSuffix("/") else { return canonical }
        return String(canonical.dropLast())
    }

    private static let defaultPorts: [String: Int] = ["http": 80, "https": 443, "ws": 80, "wss": 443]

    private static func port(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int(digits), value <= 65535
        else { return nil }
        return value
    }
}
