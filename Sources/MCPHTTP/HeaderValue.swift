import Foundation

/// MCP header value encoding (2026-07-28 Streamable HTTP, "Value Encoding"): values that are not plain visible
/// ASCII travel as `=?base64?{Base64(UTF-8)}?=`.
enum HeaderValue {
    /// Decodes a header value; `nil` when a sentinel value is not valid Base64 or not UTF-8.
    static func decode(_ value: String) -> String? {
        let bytes = value.utf8
        // Compared as bytes: String's own `hasPrefix` compares Characters, far slower on this per-request path.
        guard bytes.count >= 11, bytes.starts(with: "=?base64?".utf8), bytes.reversed().starts(with: "=?".utf8)
        else { return value }
        let encoded = value.utf8.dropFirst(9).dropLast(2)
        guard let data = Data(base64Encoded: Data(encoded)) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

extension String.UTF8View {
    /// Whether `needle` (lowercase ASCII) occurs, comparing ASCII letters case-insensitively.
    func containsIgnoringASCIICase(_ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard !pattern.isEmpty else { return true }
        let scan = { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            guard bytes.count >= pattern.count else { return false }
            outer: for start in 0...(bytes.count - pattern.count) {
                for offset in 0..<pattern.count {
                    let byte = bytes[start + offset]
                    let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    if folded != pattern[offset] { continue outer }
                }
                return true
            }
            return false
        }
        if let found = withContiguousStorageIfAvailable(scan) { return found }
        return Array(self).withUnsafeBufferPointer(scan)
    }
}
