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
        for index in fields.indices {
            // Canonical names are lowercase (RFC 9110 §5.1: field names are case-insensitive).
            guard let field = Field(canonicalName: fields[index].name.canonicalName) else { continue }
            let value = fields[index].value
            switch field {
            case .contentType: Self.add(value, to: &contentType)
            case .accept: Self.add(value, to: &accept)
            case .authorization: Self.add(value, to: &authorization)
            case .protocolVersion: Self.add(value, to: &protocolVersion)
            case .method: Self.add(value, to: &method)
            case .name: Self.add(value, to: &name)
            case .sessionID: Self.add(value, to: &sessionID)
            case .origin: Self.add(value, to: &origin)
            case .lastEventID: Self.add(value, to: &lastEventID)
            case .traceParent: Self.add(value, to: &traceParent)
            }
        }
    }

    /// The fields collected, by canonical name.
    private enum Field {
        case contentType, accept, authorization, protocolVersion, method, name, sessionID, origin, lastEventID
        case traceParent

        /// Matched by length first: most fields of a request (`Host`, `Content-Length`, `User-Agent`) are none of
        /// these, and each string comparison they would otherwise go through costs.
        init?(canonicalName name: String) {
            switch name.utf8.count {
            case 6 where name == "accept": self = .accept
            case 6 where name == "origin": self = .origin
            case 8 where name == "mcp-name": self = .name
            case 10 where name == "mcp-method": self = .method
            case 11 where name == "traceparent": self = .traceParent
            case 12 where name == "content-type": self = .contentType
            case 13 where name == "authorization": self = .authorization
            case 13 where name == "last-event-id": self = .lastEventID
            case 14 where name == "mcp-session-id": self = .sessionID
            case 20 where name == "mcp-protocol-version": self = .protocolVersion
            default: return nil
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

    /// Appends in place: `existing + ", " + value` would copy the whole joined value for every repeated line,
    /// quadratic in the number of lines (990 `Accept` lines cost three times the CPU of the same bytes in distinct
    /// fields); appending to the uniquely held string grows it geometrically instead.
    private static func add(_ value: String, to slot: inout String?) {
        guard slot != nil else {
            slot = value
            return
        }
        slot!.append(", ")
        slot!.append(value)
    }
}
