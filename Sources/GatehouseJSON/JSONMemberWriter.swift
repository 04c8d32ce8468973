/// Writes the members of one JSON object straight into UTF-8 bytes, for a caller that knows its members and has no
/// use for a ``JSONValue`` tree of them (building one costs a hashed dictionary per object, only to be walked and
/// sorted again by ``JSONWriter``).
///
/// Members must be written in ascending order of name — the order ``JSONWriter`` uses — so that both write the same
/// bytes for the same object (checked in debug builds). Names are literals that need no escaping.
///
/// ```swift
/// var output: [UInt8] = []
/// var members = JSONMemberWriter(to: &output)
/// members.string("text", "hi", to: &output)
/// members.string("type", "text", to: &output)
/// members.finish(to: &output)  // {"text":"hi","type":"text"}
/// ```
public struct JSONMemberWriter {
    private var isFirst = true
    #if DEBUG
        private var previous: String?
    #endif

    /// Starts an object (`{`).
    public init(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
    }

    /// Writes the next member's name and the colon; its value must be written next.
    public mutating func name(_ name: StaticString, to output: inout [UInt8]) {
        #if DEBUG
            let text = name.description
            assert(previous.map { $0 < text } ?? true, "members out of order: \(previous ?? "") then \(text)")
            assert(!text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            previous = text
        #endif
        if !isFirst { output.append(UInt8(ascii: ",")) }
        isFirst = false
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        output.append(contentsOf: #"":"#.utf8)
    }

    /// Writes a member whose value is a string.
    public mutating func string(_ name: StaticString, _ value: String, to output: inout [UInt8]) {
        self.name(name, to: &output)
        JSONWriter.writeString(value, to: &output)
    }

    /// Writes a member whose value is any JSON value.
    public mutating func value(_ name: StaticString, _ value: JSONValue, to output: inout [UInt8]) {
        self.name(name, to: &output)
        JSONWriter.write(value, to: &output)
    }

    /// Ends the object (`}`).
    public func finish(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "}"))
    }
}
