/// `application/x-www-form-urlencoded`, as OAuth uses it for token requests, authorization requests in the query
/// and Basic credentials (RFC 6749 Appendix B, §2.3.1): unreserved ASCII characters as they are, every other byte of
/// the UTF-8 form as `%XX`; `+` read as a space.
public enum FormURLEncoding {
    /// Why a form could not be read.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong, naming the parameter where there is one.
        public let description: String
    }

    /// `value` encoded: `A`–`Z`, `a`–`z`, `0`–`9` and `-._~` as they are, every other byte `%XX`.
    public static func encode(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// `fields` as a form body (`name=value&…`, in the order given).
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// Reads a form (a request body or a URL's query). Strict, as RFC 6749 §3.1 and §3.2 ask: a parameter given
    /// twice is refused (never first-wins or last-wins), as is a malformed `%` escape or a value that is not UTF-8;
    /// a parameter with an empty value counts as absent (RFC 6749 §3.1: "treated as if they were omitted").
    /// - Throws: ``Failure`` naming the parameter.
    public static func decode(_ form: String) throws(Failure) -> [String: String] {
        var fields: [String: String] = [:]
        var seen = Set<String>()
        for pair in form.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decodeComponent(parts[0], naming: "a parameter name")
            guard !name.isEmpty else { throw Failure(description: "a parameter has no name") }
            // A name repeated is refused even when one of its values is empty.
            guard seen.insert(name).inserted else {
                throw Failure(description: "\(printable(name)) is given more than once")
            }
            let value = parts.count > 1 ? try decodeComponent(parts[1], naming: name) : ""
            if !value.isEmpty { fields[name] = value }
        }
        return fields
    }

    /// One form-encoded value decoded (`+` as a space, `%XX` escapes), as the id and secret of HTTP Basic client
    /// credentials are (RFC 6749 §2.3.1).
    /// - Throws: ``Failure`` for a malformed escape or a value that is not UTF-8.
    public static func decodeValue(_ value: String) throws(Failure) -> String {
        try decodeComponent(Substring(value), naming: "the value")
    }

    private static func decodeComponent(_ text: Substring, naming name: String) throws(Failure) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw Failure(description: "\(printable(name)) has a malformed %-escape")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw Failure(description: "\(printable(name)) is not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A parameter name as it may appear in an error: quoted, at most 40 bytes, anything but printable ASCII
    /// (and the quote) written `%XX` so that nothing disappears.
    static func printable(_ name: String) -> String {
        var shown = ""
        for byte in name.utf8.prefix(40) {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "'") {
                shown.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                shown +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return "'" + shown + "'"
    }
}
