/// Writes a ``JSONValue`` as compact JSON (RFC 8259) with members in sorted order (deterministic output).
///
/// The writer produces UTF-8 bytes directly: responses go to the network as bytes, so building a `String` first
/// would only add a copy and String's per-append bookkeeping.
public enum JSONWriter {
    /// The compact serialization of `value`.
    public static func serialize(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The compact serialization of `value` as UTF-8 bytes.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, to: &output)
        return output
    }

    /// Appends the compact serialization of `value` to `output`.
    public static func write(_ value: JSONValue, to output: inout [UInt8]) {
        write(value, to: &output, indent: nil, level: 0)
    }

    /// An indented serialization of `value`, for people.
    public static func prettyPrinted(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        write(value, to: &output, indent: "  ", level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `string` as a JSON string literal (quoted, escaped as RFC 8259 §7 requires).
    public static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for (offset, byte) in bytes.enumerated() where byte < 0x20 || byte == quote || byte == backslash {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<offset]))
                appendEscape(byte, to: &output)
                start = offset + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    private static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case quote: output.append(contentsOf: #"\""#.utf8)
        case backslash: output.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
        case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
        case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
        default:
            let hex = Array("0123456789abcdef".utf8)
            output.append(contentsOf: #"\u00"#.utf8)
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
    }

    private static func write(_ value: JSONValue, to output: inout [UInt8], indent: String?, level: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let bool): output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.utf8)
        case .string(let string): writeString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, indent, level + 1)
                write(element, to: &output, indent: indent, level: level + 1)
            }
            if !elements.isEmpty { newline(&output, indent, level) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            inSortedOrder(members) { key, member in
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(&output, indent, level + 1)
                writeString(key, to: &output)
                output.append(contentsOf: (indent == nil ? ":" : ": ").utf8)
                write(member, to: &output, indent: indent, level: level + 1)
            }
            if !members.isEmpty { newline(&output, indent, level) }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Calls `body` for each member in key order. The order is sorted over dictionary indices in stack storage, so
    /// no member is copied and nothing is allocated on the heap.
    private static func inSortedOrder(_ members: [String: JSONValue], _ body: (String, JSONValue) -> Void) {
        withUnsafeTemporaryAllocation(of: Dictionary<String, JSONValue>.Index.self, capacity: members.count) {
            buffer in
            var order = buffer
            _ = order.initialize(from: members.indices)
            order.sort { members.keys[$0] < members.keys[$1] }
            for index in order {
                let member = members[index]
                body(member.key, member.value)
            }
            order.deinitialize()
        }
    }

    private static func newline(_ output: inout [UInt8], _ indent: String?, _ level: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<level { output.append(contentsOf: indent.utf8) }
    }
}
