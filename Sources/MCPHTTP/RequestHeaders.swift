import HTTPTypes

/// The request header fields the transport reads, found in one pass over the request's fields.
///
/// `HTTPFields`' by-name subscript scans every field and joins the values through generic code on each call; the
/// transport reads up to ten names per request, so it collects them once here instead (about 1.5 µs per request,
/// measured: docs/benchmarks.md). Repeated fields are joined with ", " exactly as that subscript does (RFC 9110
/// §5.3), so a duplicated `Origin`, `Mcp-Session-Id` or `MCP-Protocol-Version` still fails to match anything.
struct RequestHeaders: Sendable {
    /// `Origin`.
    var origin: String?
    /// `Content-Type`.
    var contentType: String?
    /// `Accept`.
    var accept: String?
    /// `Authorization`.
    var authorization: String?
    /// `MCP-Protocol-Version`.
    var protocolVersion: String?
    /// `Mcp-Session-Id`.
    var sessionID: String?
    /// `Mcp-Method` (2026-07-28).
    var method: String?
    /// `Mcp-Name` (2026-07-28), still encoded (see ``HeaderValue``).
    var name: String?
    /// `Last-Event-ID`.
    var lastEventID: String?
    /// `traceparent`.
    var traceParent: String?

    /// Collects the fields the transport reads from `fields`.
    init(_ fields: HTTPFields) {
        for field in fields {
            // Canonical names are lowercase (RFC 9110 §5.1: field names are case-insensitive).
            switch field.name.canonicalName {
            case "content-type": Self.add(field.value, to: &contentType)
            case "accept": Self.add(field.value, to: &accept)
            case "authorization": Self.add(field.value, to: &authorization)
            case "mcp-protocol-version": Self.add(field.value, to: &protocolVersion)
            case "mcp-method": Self.add(field.value, to: &method)
            case "mcp-name": Self.add(field.value, to: &name)
            case "mcp-session-id": Self.add(field.value, to: &sessionID)
            case "origin": Self.add(field.value, to: &origin)
            case "last-event-id": Self.add(field.value, to: &lastEventID)
            case "traceparent": Self.add(field.value, to: &traceParent)
            default: continue
            }
        }
    }

    /// Whether `Content-Type` names `token` (ASCII, case-insensitive).
    func contentType(contains token: StaticString) -> Bool {
        contentType?.utf8.containsIgnoringASCIICase(token) ?? false
    }

    /// Whether `Accept` names `token` (ASCII, case-insensitive).
    func accept(contains token: StaticString) -> Bool {
        accept?.utf8.containsIgnoringASCIICase(token) ?? false
    }

    /// Whether the client takes an SSE stream: `Accept` names `text/event-stream` or `*/*`.
    var acceptsEventStream: Bool { accept(contains: "text/event-stream") || accept(contains: "*/*") }

    private static func add(_ value: String, to slot: inout String?) {
        if let existing = slot {
            slot = existing + ", " + value
        } else {
            slot = value
        }
    }
}
