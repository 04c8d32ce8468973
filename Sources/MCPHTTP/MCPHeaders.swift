public import HTTPTypes

/// The HTTP header names MCP's Streamable HTTP transport uses.
public enum MCPHeaders {
    /// `MCP-Protocol-Version` (2025-06-18 on).
    public static let protocolVersion = HTTPField.Name("MCP-Protocol-Version")!
    /// `Mcp-Session-Id` (legacy sessions).
    public static let sessionID = HTTPField.Name("Mcp-Session-Id")!
    /// `Mcp-Method` (2026-07-28).
    public static let method = HTTPField.Name("Mcp-Method")!
    /// `Mcp-Name` (2026-07-28).
    public static let name = HTTPField.Name("Mcp-Name")!
    /// `Last-Event-ID` (SSE resumption).
    public static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// `traceparent` (W3C Trace Context).
    public static let traceParent = HTTPField.Name("traceparent")!
    /// `X-Accel-Buffering` (tells nginx not to buffer SSE).
    public static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
