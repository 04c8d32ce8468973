/// The W3C Trace Context `traceparent` header (W3C Trace Context Level 1 §3.2):
/// `version "-" trace-id "-" parent-id "-" trace-flags`, lower-case hex of 2, 32, 16 and 2 digits, with neither
/// id all zeros and version `ff` invalid. Carried into the auth-decision record so logs correlate with traces
/// even when no tracer is installed.
public struct TraceParent: Sendable, Hashable {
    /// The 32-digit trace id.
    public let traceID: String
    /// The 16-digit id of the caller's span.
    public let parentID: String
    /// The trace flags (bit 0: sampled).
    public let flags: UInt8

    /// Parses a header value; `nil` when it is not a valid `traceparent` (which must then be ignored, §3.2.2.1).
    public init?(_ header: String) {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].utf8.count == 2, Self.isHex(parts[0]), parts[0] != "ff",
            parts[1].utf8.count == 32, Self.isHex(parts[1]), parts[1].contains(where: { $0 != "0" }),
            parts[2].utf8.count == 16, Self.isHex(parts[2]), parts[2].contains(where: { $0 != "0" }),
            parts[3].utf8.count == 2, Self.isHex(parts[3]), let flags = UInt8(parts[3], radix: 16),
            parts[0] != "00" || parts.count == 4
        else { return nil }
        traceID = String(parts[1])
        parentID = String(parts[2])
        self.flags = flags
    }

    private static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
