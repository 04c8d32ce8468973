import Foundation

/// MCP header value encoding (2026-07-28 Streamable HTTP, "Value Encoding"): values that are not plain visible
/// ASCII travel as `=?base64?{Base64(UTF-8)}?=`.
enum HeaderValue {
    /// Decodes a header value; `nil` when a sentinel value is not valid Base64 or not UTF-8.
    static func decode(_ value: String) -> String? {
        guard value.hasPrefix("=?base64?"), value.hasSuffix("?="), value.count >= 11 else { return value }
        let encoded = value.dropFirst("=?base64?".count).dropLast(2)
        guard let data = Data(base64Encoded: String(encoded)) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
