import Foundation

/// The 2026-07-28 Streamable HTTP "Value Encoding" of a mirrored header (`Mcp-Name`): a value that is not plain
/// visible ASCII, or that has surrounding spaces, or that could be mistaken for the sentinel form, is sent as
/// `=?base64?{Base64(UTF-8)}?=`.
enum MirroredHeaderValue {
    /// The header value for `value`.
    static func encode(_ value: String) -> String {
        let bytes = value.utf8
        let plain =
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && bytes.first != 0x20 && bytes.last != 0x20
            && !bytes.starts(with: "=?base64?".utf8)
        return plain ? value : "=?base64?" + Data(bytes).base64EncodedString() + "?="
    }
}
