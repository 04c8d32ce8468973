/// A strict RFC 8259 parser for the small JSON documents of JOSE (headers, claim sets, JWKS).
///
/// Why not `JSONSerialization`/`JSONDecoder`: on Linux the former keeps the *last* duplicate member and the
/// latter the *first*, a parser differential an attacker can use (RFC 8725 §3.1 asks verifiers to be strict;
/// RFC 7515 §5.2 step 4 says to reject duplicate Header Parameter names). This parser:
/// - accepts only well-formed UTF-8 (no overlong forms, no surrogate code points, nothing above U+10FFFF);
/// - rejects duplicate member names, compared after unescaping (`"a"` and `"\u0061"` collide);
/// - rejects lone surrogate escapes, raw control characters in strings, leading zeros, trailing garbage;
/// - caps nesting depth so hostile input cannot exhaust the stack.
public struct StrictJSONParser: Sendable {
    /// Why a document was rejected, with the byte offset where the problem was found.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, in words safe to show to a client.
        public let message: String
        /// Byte offset into the document.
        public let offset: Int
        /// Whether the document is well-formed so far but has more top-level array elements than the caller allows.
        public var exceedsElementLimit = false

        public var description: String { "\(message) at byte \(offset)" }
    }

    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    /// Member names the parser returns as these very strings instead of building new ones.
    ///
    /// Worth it for names longer than 15 UTF-8 bytes that a caller's documents repeat: a longer string is a heap
    /// allocation each time it is read, a string from this list is shared. Shorter names are stored inline anyway.
    public var internedNames: [String]

    /// Creates a parser.
    /// - Parameters:
    ///   - maximumDepth: the deepest nesting accepted (JOSE documents need very little).
    ///   - internedNames: long member names the caller's documents repeat (see ``internedNames``).
    public init(maximumDepth: Int = 32, internedNames: [String] = []) {
        self.maximumDepth = maximumDepth
        self.internedNames = internedNames.filter { $0.utf8.count > Self.inlineNameLength }
    }

    /// The longest string Swift stores without a heap allocation (on 64-bit platforms).
    static let inlineNameLength = 15

    /// Parses a complete document.
    ///
    /// ```swift
    /// let value = try StrictJSONParser().parse(Array(#"{"alg":"ES256"}"#.utf8))
    /// ```
    public func parse<Bytes: Collection>(_ bytes: Bytes) throws(Failure) -> JSONValue where Bytes.Element == UInt8 {
        let result: Result<JSONValue, Failure>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(Failure) -> JSONValue in try parse(buffer: buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { (buffer) throws(Failure) -> JSONValue in
            try parse(buffer: buffer)
        }
    }

    /// Parses a complete document without building its top-level object: when the document is an object, each member
    /// goes to `member` as soon as it is read, in document order, and the result is `nil`; any other document is
    /// returned as a value. Exactly as strict as ``parse(_:)``, duplicate member names included. When parsing fails,
    /// some members may already have been delivered: discard them.
    ///
    /// For a caller that reads a few known members of a small envelope (a JSON-RPC message) and has no use for a
    /// dictionary of them: no storage, no hashing of the names.
    ///
    /// - Parameter maximumElements: when the document is an array, parsing stops with a failure whose
    ///   ``Failure/exceedsElementLimit`` is set as soon as it has more elements than this (a JSON-RPC batch is bounded
    ///   before it is built, not after).
    public func parse<Bytes: Collection>(
        _ bytes: Bytes, maximumElements: Int = .max, members member: (String, JSONValue) -> Void
    ) throws(Failure) -> JSONValue? where Bytes.Element == UInt8 {
        let result: Result<JSONValue?, Failure>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(Failure) -> JSONValue? in
                try parse(buffer: buffer, maximumElements: maximumElements, members: member)
            }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { (buffer) throws(Failure) -> JSONValue? in
            try parse(buffer: buffer, maximumElements: maximumElements, members: member)
        }
    }

    private func parse(
        buffer: UnsafeBufferPointer<UInt8>, maximumElements: Int, members member: (String, JSONValue) -> Void
    ) throws(Failure) -> JSONValue? {
        var cursor = Cursor(bytes: buffer, maximumDepth: maximumDepth, internedNames: internedNames)
        cursor.topLevelElementLimit = maximumElements
        cursor.skipWhitespace()
        var value: JSONValue?
        if cursor.peek() == UInt8(ascii: "{") {
            try cursor.forEachMember(depth: 1, member)
        } else {
            value = try cursor.parseValue(depth: 0)
        }
        cursor.skipWhitespace()
        guard cursor.isAtEnd else { throw cursor.failure("unexpected data after the JSON value") }
        return value
    }

    private func parse(buffer: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var cursor = Cursor(bytes: buffer, maximumDepth: maximumDepth, internedNames: internedNames)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        guard cursor.isAtEnd else { throw cursor.failure("unexpected data after the JSON value") }
        return value
    }

    /// Parses a document that must be a JSON object.
    public func parseObject<Bytes: Collection>(_ bytes: Bytes) throws(Failure) -> [String: JSONValue]
    where Bytes.Element == UInt8 {
        guard case .object(let members) = try parse(bytes) else {
            throw Failure(message: "expected a JSON object", offset: 0)
        }
        return members
    }
}

private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    let internedNames: [String]
    var position = 0
    /// The most elements the document's top-level array may have.
    var topLevelElementLimit = Int.max

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, internedNames: [String]) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.internedNames = internedNames
    }

    var isAtEnd: Bool { position >= bytes.count }

    func failure(_ message: String) -> StrictJSONParser.Failure {
        StrictJSONParser.Failure(message: message, offset: position)
    }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ literal: StaticString, value: JSONValue) throws(StrictJSONParser.Failure) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw failure("invalid literal") }
        let start = literal.utf8Start
        for index in 0..<count where bytes[position + index] != start[index] {
            throw failure("invalid literal")
        }
        position += count
        return value
    }

    mutating func parseValue(depth: Int) throws(StrictJSONParser.Failure) -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of document") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
        case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
        case UInt8(ascii: "n"): return try expect("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character")
        }
    }

    mutating func parseObject(depth: Int) throws(StrictJSONParser.Failure) -> JSONValue {
        guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
        position += 1  // {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object([:])
        }
        // Sized for a typical JOSE header or claims set, so building it does not rehash as it grows.
        var members = [String: JSONValue](minimumCapacity: 12)
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let nameOffset = position
            let name = try parseString(isMemberName: true)
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            guard members.updateValue(value, forKey: name) == nil else {
                throw StrictJSONParser.Failure(
                    message: "duplicate member name \"\(name.prefix(64))\"", offset: nameOffset)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: throw failure("expected ',' or '}'")
            }
        }
    }

    /// Reads an object member by member, handing each to `member`, without building it. Duplicate names are refused
    /// as in ``parseObject(depth:)``: the first few names are kept on the stack and compared one by one, and an object
    /// with more members than that moves them to a set.
    mutating func forEachMember(depth: Int, _ member: (String, JSONValue) -> Void) throws(StrictJSONParser.Failure) {
        guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
        position += 1  // {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        let inline = 16
        try withUnsafeTemporaryAllocation(of: String.self, capacity: inline) {
            (names) throws(StrictJSONParser.Failure) in
            var count = 0
            var overflow: Set<String> = []
            defer { names.baseAddress!.deinitialize(count: min(count, inline)) }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                let nameOffset = position
                let name = try parseString(isMemberName: true)
                let isNew: Bool
                if count < inline {
                    isNew = !names[..<count].contains(name)
                    if isNew { names.initializeElement(at: count, to: name) }
                } else {
                    if count == inline { overflow = Set(names) }
                    isNew = overflow.insert(name).inserted
                }
                guard isNew else {
                    throw StrictJSONParser.Failure(
                        message: "duplicate member name \"\(name.prefix(64))\"", offset: nameOffset)
                }
                count += 1
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
                position += 1
                skipWhitespace()
                member(name, try parseValue(depth: depth))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return
                default: throw failure("expected ',' or '}'")
                }
            }
        }
    }

    mutating func parseArray(depth: Int) throws(StrictJSONParser.Failure) -> JSONValue {
        guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if depth == 1 && elements.count == topLevelElementLimit {
                var failure = failure("an array of more than \(topLevelElementLimit) elements")
                failure.exceedsElementLimit = true
                throw failure
            }
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: throw failure("expected ',' or ']'")
            }
        }
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func parseNumber() throws(StrictJSONParser.Failure) -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw failure("invalid number") }
        position += 1
        if first == UInt8(ascii: "0"), let next = peek(), isDigit(next) {
            throw failure("invalid number: leading zero")
        }
        skipDigits()
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let digit = peek(), isDigit(digit) else { throw failure("invalid number: missing fraction digits") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), isDigit(digit) else { throw failure("invalid number: missing exponent digits") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { position += 1 }
    }

    mutating func parseString(isMemberName: Bool = false) throws(StrictJSONParser.Failure) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes. Scan and validate UTF-8 in place.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                if isMemberName, let interned = interned(text) { return interned }
                return String(decoding: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in string") }
            if byte < 0x80 {
                position += 1
            } else {
                try skipMultiByteScalar()
            }
        }
        guard position < bytes.count else { throw failure("unterminated string") }
        // Slow path: the string has escapes.
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try appendEscape(to: &scalars)
            case 0..<0x20:
                throw failure("control character in string")
            case 0..<0x80:
                scalars.append(byte)
                position += 1
            default:
                let scalarStart = position
                try skipMultiByteScalar()
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[scalarStart..<position]))
            }
        }
        throw failure("unterminated string")
    }

    /// The entry of ``StrictJSONParser/internedNames`` spelled exactly `text`, if any. (A name written with escapes
    /// is never interned: it takes the slow path and is built as usual.)
    func interned(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        guard text.count > StrictJSONParser.inlineNameLength else { return nil }
        for name in internedNames where name.utf8.count == text.count {
            if name.utf8.withContiguousStorageIfAvailable({ Self.equal($0, text) }) == true { return name }
        }
        return nil
    }

    /// Byte equality of two buffers of the same length, eight bytes at a time.
    static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let (left, right) = (UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
        var offset = 0
        while offset + 8 <= left.count {
            guard
                left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < left.count {
            guard left[offset] == right[offset] else { return false }
            offset += 1
        }
        return true
    }

    mutating func appendEscape(to output: inout [UInt8]) throws(StrictJSONParser.Failure) {
        guard let escape = peek() else { throw failure("unterminated escape") }
        position += 1
        switch escape {
        case UInt8(ascii: "\""): output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C)
        case UInt8(ascii: "/"): output.append(0x2F)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var codePoint = try parseHex4()
            if (0xD800...0xDBFF).contains(codePoint) {
                guard peek() == UInt8(ascii: "\\") else { throw failure("lone high surrogate escape") }
                position += 1
                guard peek() == UInt8(ascii: "u") else { throw failure("lone high surrogate escape") }
                position += 1
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("lone high surrogate escape") }
                codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(codePoint) {
                throw failure("lone low surrogate escape")
            }
            guard let scalar = Unicode.Scalar(codePoint) else { throw failure("invalid escape") }
            output.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw failure("invalid escape")
        }
    }

    mutating func parseHex4() throws(StrictJSONParser.Failure) -> UInt32 {
        guard bytes.count - position >= 4 else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// Validates one UTF-8 encoded scalar of two to four bytes (RFC 3629 §4) and moves past it.
    mutating func skipMultiByteScalar() throws(StrictJSONParser.Failure) {
        let lead = bytes[position]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: throw failure("invalid UTF-8")
        }
        guard bytes.count - position >= length else { throw failure("truncated UTF-8") }
        for index in 1..<length {
            let continuation = bytes[position + index]
            guard continuation & 0xC0 == 0x80 else { throw failure("invalid UTF-8") }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw failure("invalid UTF-8")
        }
        position += length
    }
}
