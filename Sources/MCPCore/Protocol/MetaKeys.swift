/// The `_meta` keys of the protocol itself (2026-07-28 basic/index, "General fields"): every 2026-07-28 request
/// carries its revision and client capabilities here instead of in a session.
public enum MetaKeys {
    /// The per-request protocol version.
    public static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
    /// The per-request client capabilities.
    public static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
    /// The per-request client name and version (optional; not read by the dispatcher).
    public static let clientInfo = "io.modelcontextprotocol/clientInfo"
    /// The lowest log level the client wants for this request (SEP-2575); without it a server sends no
    /// `notifications/message` for the request.
    public static let logLevel = "io.modelcontextprotocol/logLevel"
}
