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
    ///
    /// Works on UTF-8 bytes: this runs for every `aud` value of every uncached token.
    public init?(_ string: String) {
        var text = string
        guard
            let parsed = text.withUTF8({ bytes in
                Self.parse(UnsafeBufferPointer(rebasing: bytes[...]))
            })
        else { return nil }
        (scheme, host, port, path, query, canonical) = parsed
    }

    private typealias Parts = (
        scheme: String, host: String, port: Int?, path: String, query: String?, canonical: String
    )

    private static func parse(_ all: UnsafeBufferPointer<UInt8>) -> Parts? {
        // Drop the fragment.
        let end = all.firstIndex(of: UInt8(ascii: "#")) ?? all.count
        let bytes = UnsafeBufferPointer(rebasing: all[0..<end])
        // scheme ":" "//"
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, bytes.count >= colon + 3,
            bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/"), isAlpha(bytes[0])
        else { return nil }
        for index in 1..<colon where !isSchemeCharacter(bytes[index]) { return nil }
        let authorityStart = colon + 3
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, bytes[authorityEnd] != UInt8(ascii: "/"),
            bytes[authorityEnd] != UInt8(ascii: "?")
        {
            authorityEnd += 1
        }
        guard authorityEnd > authorityStart else { return nil }
        for index in authorityStart..<authorityEnd {
            let byte = bytes[index]
            // No user information, no whitespace or control characters in the authority.
            if byte == UInt8(ascii: "@") || byte <= 0x20 || byte == 0x7F { return nil }
        }
        var hostEnd = authorityEnd
        var port: Int?
        if bytes[authorityStart] == UInt8(ascii: "[") {
            guard
                let close = UnsafeBufferPointer(rebasing: bytes[authorityStart..<authorityEnd]).firstIndex(
                    of: UInt8(ascii: "]"))
            else { return nil }
            hostEnd = authorityStart + close + 1
            if hostEnd < authorityEnd {
                guard bytes[hostEnd] == UInt8(ascii: ":"), let value = parsePort(bytes, hostEnd + 1, authorityEnd)
                else { return nil }
                port = value
            }
        } else if let lastColon = UnsafeBufferPointer(rebasing: bytes[authorityStart..<authorityEnd]).lastIndex(
            of: UInt8(ascii: ":"))
        {
            hostEnd = authorityStart + lastColon
            guard let value = parsePort(bytes, hostEnd + 1, authorityEnd) else { return nil }
            port = value
        }
        guard hostEnd > authorityStart else { return nil }
        for index in authorityEnd..<bytes.count where bytes[index] <= 0x20 || bytes[index] == 0x7F { return nil }
        let queryStart = UnsafeBufferPointer(rebasing: bytes[authorityEnd...]).firstIndex(of: UInt8(ascii: "?")).map {
            authorityEnd + $0
        }
        let pathEnd = queryStart ?? bytes.count

        let scheme = lowercased(bytes, 0, colon)
        let host = lowercased(bytes, authorityStart, hostEnd)
        if port == defaultPorts[scheme] { port = nil }
        var path = String(decoding: UnsafeBufferPointer(rebasing: bytes[authorityEnd..<pathEnd]), as: UTF8.self)
        // RFC 3986 §6.2.3: for http(s) an empty path and "/" are equivalent; write it as empty.
        if path == "/" { path = "" }
        let query = queryStart.map {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[($0 + 1)...]), as: UTF8.self)
        }
        var canonical = scheme + "://" + host
        if let port { canonical += ":" + String(port) }
        canonical += path
        if let query { canonical += "?" + query }
        return (scheme, host, port, path, query, canonical)
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isSchemeCharacter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// ASCII-lowercases bytes `start..<end` (non-ASCII bytes are kept as they are).
    private static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start) { buffer in
            for index in start..<end {
                let byte = bytes[index]
                buffer[index - start] = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            }
            return end - start
        }
    }

    private static func parsePort(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard end > start, end - start <= 5 else { return nil }
        var value = 0
        for index in start..<end {
            let byte = bytes[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= 65535 ? value : nil
    }

    /// The canonical form with one trailing slash removed from a non-empty path, for the lenient policy.
    var withoutTrailingSlash: String {
        guard query == nil, path.count > 1, path.hasSuffix("/") else { return canonical }
        return String(canonical.dropLast())
    }

    private static let defaultPorts: [String: Int] = ["http": 80, "https": 443, "ws": 80, "wss": 443]
}
