/// Writes a ``JSONValue`` as compact JSON with members in sorted order (deterministic output).
public enum JSONWriter {
    /// The compact serialization of `value`.
    public static func serialize(_ value: JSONValue) -> String {
        var output = ""
        output.reserveCapacity(256)
        write(value, to: &output, indent: nil, level: 0)
        return output
    }

    /// An indented serialization of `value`, for people.
    public static func prettyPrinted(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output, indent: "  ", level: 0)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String, indent: String?, level: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .number(let number): output += number
        case .string(let string): writeString(string, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, level + 1)
                write(element, to: &output, indent: indent, level: level + 1)
            }
            if !elements.isEmpty { newline(&output, indent, level) }
            output += "]"
        case .object(let members):
            output += "{"
            // Sorting the pairs (not the keys) spares a hash lookup per member.
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, level + 1)
                writeString(member.key, to: &output)
                output += indent == nil ? ":" : ": "
                write(member.value, to: &output, indent: indent, level: level + 1)
            }
            if !members.isEmpty { newline(&output, indent, level) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: indent, count: level)
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        // Fast path: most strings need no escaping at all.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
