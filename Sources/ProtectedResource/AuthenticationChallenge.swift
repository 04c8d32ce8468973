/// One challenge of a `WWW-Authenticate` header, parsed (RFC 9110 §11.6.1, §11.2):
/// `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, `auth-param = token BWS "=" BWS ( token /
/// quoted-string )`. A header may carry several challenges separated by commas.
///
/// For clients and diagnostics (`gatehouse doctor`): the server side builds its challenges with ``BearerChallenge``.
public struct AuthenticationChallenge: Sendable, Hashable {
    /// The scheme, lower-cased (`bearer`).
    public let scheme: String
    /// Parameters by lower-cased name (quoted strings unescaped). A repeated parameter keeps its first value.
    public let parameters: [String: String]
    /// The token68 form, if the challenge used it instead of parameters.
    public let token68: String?

    /// Parses a header value into its challenges.
    /// - Throws: ``ParseError`` at the first syntax error (unterminated quote, missing scheme, stray characters).
    public static func parse(_ header: String) throws(ParseError) -> [AuthenticationChallenge] {
        var scanner = Scanner(Array(header.utf8))
        var challenges: [AuthenticationChallenge] = []
        scanner.skipListSeparators()
        while !scanner.atEnd {
            guard let scheme = scanner.token() else { throw ParseError("expected an auth-scheme", scanner.offset) }
            var parameters: [String: String] = [:]
            var token68: String?
            scanner.skipSpaces()
            if scanner.atToken68() {
                token68 = scanner.consumeToken68()
            } else {
                while !scanner.atEnd && !scanner.at(UInt8(ascii: ",")) {
                    let mark = scanner.offset
                    guard let name = scanner.token() else { throw ParseError("expected a parameter", scanner.offset) }
                    scanner.skipSpaces()
                    guard scanner.consume(UInt8(ascii: "=")) else {
                        scanner.offset = mark  // the next challenge's scheme
                        break
                    }
                    scanner.skipSpaces()
                    guard let value = try scanner.quotedString() ?? scanner.token() else {
                        throw ParseError("expected a value for \(name)", scanner.offset)
                    }
                    if parameters[name.lowercased()] == nil { parameters[name.lowercased()] = value }
                    scanner.skipSpaces()
                    guard scanner.consume(UInt8(ascii: ",")) else { break }
                    scanner.skipListSeparators()
                }
            }
            challenges.append(
                AuthenticationChallenge(scheme: scheme.lowercased(), parameters: parameters, token68: token68))
            scanner.skipListSeparators()
        }
        return challenges
    }

    /// A syntax error and where it was found.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was expected.
        public let message: String
        /// The byte offset.
        public let offset: Int

        init(_ message: String, _ offset: Int) {
            self.message = message
            self.offset = offset
        }

        public var description: String { "\(message) at byte \(offset)" }
    }

    /// The space-separated scopes of the `scope` parameter.
    public var scopes: [String] { parameters["scope"].map { $0.split(separator: " ").map(String.init) } ?? [] }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { offset >= bytes.count }

        mutating func skipSpaces() {
            while !atEnd && (bytes[offset] == 0x20 || bytes[offset] == 0x09) { offset += 1 }
        }

        mutating func skipListSeparators() {
            while !atEnd && (bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x2C) { offset += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard !atEnd && bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        /// RFC 9110 §5.6.2 tchar.
        static func isTokenCharacter(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || tokenSymbols.contains(byte) }

        /// RFC 9110 §11.2 token68 characters (before the `=` padding).
        static func isToken68Character(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || token68Symbols.contains(byte) }

        static let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)
        static let token68Symbols = Set("-._~+/".utf8)

        static func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }

        mutating func token() -> String? {
            let start = offset
            while !atEnd && Self.isTokenCharacter(bytes[offset]) { offset += 1 }
            guard offset > start else { return nil }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        /// Whether the next item is a token68 (RFC 9110 §11.2): token68 characters, optional `=` padding, then the
        /// end or a comma. `name=value` is a parameter (a value follows the `=`).
        func atToken68() -> Bool {
            var index = offset
            while index < bytes.count && Self.isToken68Character(bytes[index]) { index += 1 }
            guard index > offset else { return false }
            while index < bytes.count && bytes[index] == UInt8(ascii: "=") { index += 1 }
            while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
            return index == bytes.count || bytes[index] == UInt8(ascii: ",")
        }

        mutating func consumeToken68() -> String {
            let start = offset
            while !atEnd && bytes[offset] != 0x2C && bytes[offset] != 0x20 && bytes[offset] != 0x09 { offset += 1 }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        func at(_ byte: UInt8) -> Bool { !atEnd && bytes[offset] == byte }

        mutating func quotedString() throws(ParseError) -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            var value: [UInt8] = []
            while !atEnd {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: value, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard !atEnd else { throw ParseError("unterminated escape", offset) }
                    value.append(bytes[offset])
                    offset += 1
                default:
                    value.append(byte)
                }
            }
            throw ParseError("unterminated quoted string", offset)
        }
    }
}
