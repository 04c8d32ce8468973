#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one rule for "is this host loopback?", used wherever plain `http` or development keys are allowed only on
/// this machine: the configuration check, the JWKS and metadata fetcher, the introspection client.
///
/// The host is parsed as an IP address, never matched as text: `localhost`; an IPv4 address in 127.0.0.0/8 (RFC 1122
/// §3.2.1.3), in the dotted-quad form `inet_pton` accepts; `::1` or an IPv4-mapped `::ffff:127.x.y.z` (RFC 4291
/// §2.5.3, §2.5.5.2), with or without brackets. A name such as `127.attacker.example` is not an address and so not
/// loopback, whatever it starts with.
public enum LoopbackHost {
    /// Whether `host` (a URL's host, or a listener's bind address) is a loopback address.
    public static func contains(_ host: String) -> Bool {
        var bare = host
        if bare.hasPrefix("[") && bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        if bare.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        return mapped && bytes[12] == 127
    }
}
