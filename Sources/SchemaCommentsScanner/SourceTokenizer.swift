/// Splits Swift source into ``SourceToken``s, skipping what cannot shape a declaration: whitespace, ordinary
/// comments (nested block comments included) and the contents of string literals — single-line, multi-line
/// (`"""`), raw (`#"…"#`, any number of `#`), and the code of their interpolations, whose own strings and
/// parentheses are followed too. So a brace or a `///` inside a string never reaches the scanner.
///
/// Extended regex literals (`#/…/#`) are skipped like strings. It is not a Swift parser: a bare regex literal (`/…/`)
/// is read as punctuation, so one holding a quote or an unpaired brace confuses it; the scanner then sees unbalanced
/// braces and ``DeclarationScanner`` marks the file unreliable. It never fails; unterminated input ends the token list.
public struct SourceTokenizer {
    private let bytes: [UInt8]
    private var index = 0

    /// A tokenizer over `source`.
    public init(_ source: String) {
        bytes = Array(source.utf8)
    }

    /// All tokens of the source, in order; consecutive `///` lines form one documentation token.
    public static func tokens(of source: String) -> [SourceToken] {
        var tokenizer = SourceTokenizer(source)
        var tokens: [SourceToken] = []
        while let token = tokenizer.next() {
            if case .documentation(let lines) = token, case .documentation(let previous)? = tokens.last {
                tokens[tokens.count - 1] = .documentation(previous + lines)
            } else {
                tokens.append(token)
            }
        }
        return tokens
    }

    private func byte(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    /// The next token, or nil at the end.
    public mutating func next() -> SourceToken? {
        while let current = byte() {
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "/") where byte(1) == UInt8(ascii: "/"):
                let isDocumentation = byte(2) == UInt8(ascii: "/") && byte(3) != UInt8(ascii: "/")
                let line = restOfLine()
                if isDocumentation { return .documentation([Self.strip(line.dropFirst(3))]) }
            case UInt8(ascii: "/") where byte(1) == UInt8(ascii: "*"):
                let isDocumentation =
                    byte(2) == UInt8(ascii: "*") && byte(3) != UInt8(ascii: "*")
                    && byte(3) != UInt8(ascii: "/")
                let body = blockComment()
                if isDocumentation { return .documentation(Self.blockLines(body)) }
            case UInt8(ascii: "\""):
                return .string(stringLiteral())
            case UInt8(ascii: "#") where rawStringAhead():
                return .string(stringLiteral())
            case UInt8(ascii: "#") where extendedRegexAhead():
                skipExtendedRegex()
                return .string(nil)
            case UInt8(ascii: "`"):
                index += 1
                let start = index
                while let next = byte(), next != UInt8(ascii: "`"), next != UInt8(ascii: "\n") { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                if byte() == UInt8(ascii: "`") { index += 1 }
                return .word(word)
            case let first where Self.isWordByte(first):
                let start = index
                while let next = byte(), Self.isWordByte(next) { index += 1 }
                return .word(String(decoding: bytes[start..<index], as: UTF8.self))
            default:
                index += 1
                return .symbol(current)
            }
        }
        return nil
    }

    /// The rest of the line from `index` (which moves to its newline).
    private mutating func restOfLine() -> ArraySlice<UInt8> {
        let start = index
        while let next = byte(), next != UInt8(ascii: "\n") { index += 1 }
        return bytes[start..<index]
    }

    /// Skips a block comment (nested ones too) and returns what is between its outermost `/*` and `*/`.
    private mutating func blockComment() -> ArraySlice<UInt8> {
        index += 2
        let start = index
        var depth = 1
        while let next = byte() {
            if next == UInt8(ascii: "/") && byte(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if next == UInt8(ascii: "*") && byte(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return bytes[start..<(index - 2)] }
            } else {
                index += 1
            }
        }
        return bytes[start..<index]
    }

    /// Whether `#`s at `index` open a raw string (`#"`, `##"`, …) rather than a directive such as `#if`.
    private func rawStringAhead() -> Bool {
        var offset = 0
        while byte(offset) == UInt8(ascii: "#") { offset += 1 }
        return byte(offset) == UInt8(ascii: "\"")
    }

    /// Whether `#`s at `index` open an extended regex literal (`#/…/#`), which may hold quotes and braces.
    private func extendedRegexAhead() -> Bool {
        var offset = 0
        while byte(offset) == UInt8(ascii: "#") { offset += 1 }
        return byte(offset) == UInt8(ascii: "/")
    }

    /// Skips `#/…/#` (any number of `#`, the same on both ends).
    private mutating func skipExtendedRegex() {
        var hashes = 0
        while byte() == UInt8(ascii: "#") {
            hashes += 1
            index += 1
        }
        index += 1  // the opening slash
        while let next = byte() {
            index += 1
            if next == UInt8(ascii: "/") && hashesFollow(hashes, from: 0) {
                index += hashes
                return
            }
        }
    }

    /// Reads a string literal at `index`: its text when it is plain (one line, no escapes, no interpolation).
    private mutating func stringLiteral() -> String? {
        var hashes = 0
        while byte() == UInt8(ascii: "#") {
            hashes += 1
            index += 1
        }
        let multiline = byte(1) == UInt8(ascii: "\"") && byte(2) == UInt8(ascii: "\"")
        index += multiline ? 3 : 1
        let start = index
        var plain = !multiline
        while let next = byte() {
            if next == UInt8(ascii: "\\") && hashesFollow(hashes, from: 1) {
                plain = false
                index += 1 + hashes
                if byte() == UInt8(ascii: "(") {
                    index += 1
                    skipInterpolation()
                } else {
                    index += 1  // the escaped character
                }
            } else if next == UInt8(ascii: "\"") && closes(multiline: multiline, hashes: hashes) {
                let text = plain ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
                index += (multiline ? 3 : 1) + hashes
                return text
            } else if next == UInt8(ascii: "\n") && !multiline {
                return nil  // unterminated: the line ends the literal
            } else {
                index += 1
            }
        }
        return nil
    }

    private func hashesFollow(_ count: Int, from offset: Int) -> Bool {
        (0..<count).allSatisfy { byte(offset + $0) == UInt8(ascii: "#") }
    }

    private func closes(multiline: Bool, hashes: Int) -> Bool {
        if multiline {
            return byte(1) == UInt8(ascii: "\"") && byte(2) == UInt8(ascii: "\"") && hashesFollow(hashes, from: 3)
        }
        return hashesFollow(hashes, from: 1)
    }

    /// Skips the code of an interpolation up to its closing parenthesis, following nested parentheses, strings and
    /// comments.
    private mutating func skipInterpolation() {
        var depth = 1
        while depth > 0, let token = next() {
            if token == .symbol(UInt8(ascii: "(")) { depth += 1 }
            if token == .symbol(UInt8(ascii: ")")) { depth -= 1 }
        }
    }

    /// A documentation line without its leading space.
    private static func strip(_ line: ArraySlice<UInt8>) -> String {
        var line = line
        if line.first == UInt8(ascii: " ") { line = line.dropFirst() }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// The lines of a `/** … */` body, each without its indentation and leading `*`.
    private static func blockLines(_ body: ArraySlice<UInt8>) -> [String] {
        let text = body.dropFirst()  // the second `*` of `/**`
        return text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            var line = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if line.first == UInt8(ascii: "*") { line = line.dropFirst() }
            return strip(line)
        }
    }
}
