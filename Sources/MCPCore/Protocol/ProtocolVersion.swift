/// An MCP protocol revision (the `protocolVersion` strings of the specification).
///
/// Revisions up to 2025-11-25 are **legacy**: a session starts with `initialize`. 2026-07-28 and later are
/// **modern**: every request carries its version, identity and capabilities in `_meta`, and there is no session
/// (specification 2026-07-28, basic/versioning).
public struct ProtocolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The version string, `YYYY-MM-DD`.
    public let rawValue: String

    /// Creates a version from its string (any string; support is decided by configuration).
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// Streamable HTTP, batching, `initialize`.
    public static let v2025_03_26 = ProtocolVersion("2025-03-26")
    /// Structured tool output, `MCP-Protocol-Version` header, no batching.
    public static let v2025_06_18 = ProtocolVersion("2025-06-18")
    /// SSE polling, icons, 403 for a bad `Origin`.
    public static let v2025_11_25 = ProtocolVersion("2025-11-25")
    /// Sessionless: `server/discover`, per-request `_meta`, `Mcp-Method`/`Mcp-Name` headers.
    public static let v2026_07_28 = ProtocolVersion("2026-07-28")

    /// Every revision Gatehouse implements, oldest first.
    public static let supported: [ProtocolVersion] = [.v2025_03_26, .v2025_06_18, .v2025_11_25, .v2026_07_28]

    /// Whether this revision is sessionless (per-request `_meta`, no `initialize`).
    public var isModern: Bool { self >= .v2026_07_28 }

    /// Whether JSON-RPC batches are allowed (2025-03-26 only).
    public var allowsBatches: Bool { self == .v2025_03_26 }

    /// Whether tools may declare `outputSchema`/`title` and results carry `structuredContent` (2025-06-18 on).
    public var hasStructuredToolOutput: Bool { self >= .v2025_06_18 }

    /// Whether results carry `resultType` (2026-07-28 on).
    public var hasResultType: Bool { isModern }

    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
