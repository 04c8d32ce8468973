/// Reads a `text/event-stream` body incrementally (HTML Living Standard, "Server-sent events", §9.2.6 "Interpreting
/// an event stream"): lines end in LF, CR LF or CR; `data:` lines are joined with LF; a blank line dispatches the
/// event; `id:`, `event:` and `retry:` are kept; lines starting with `:` are comments.
///
/// Bounded: an event whose data grows past `maximumEventBytes` is refused, so an upstream that never sends a blank
/// line cannot make the gateway buffer without end.
struct EventStreamParser {
    /// One dispatched event.
    struct Event: Equatable {
        /// The joined `data:` lines.
        var data: [UInt8]
        /// The `event:` type (`message` when none was sent).
        var type: String
        /// The last `id:` seen.
        var id: String?
    }

    /// An event larger than the limit.
    struct Oversized: Error {}

    private let maximumEventBytes: Int
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var type = ""
    private var lastID: String?
    private var afterCR = false

    /// Creates a parser refusing events of more than `maximumEventBytes`.
    init(maximumEventBytes: Int) {
        self.maximumEventBytes = maximumEventBytes
    }

    /// Feeds bytes; returns the events they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(Oversized) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }  // CR LF is one line end.
            }
            switch byte {
            case 0x0D:
                afterCR = true
                if let event = try endLine() { events.append(event) }
            case 0x0A:
                if let event = try endLine() { events.append(event) }
            default:
                line.append(byte)
                guard line.count + data.count <= maximumEventBytes else { throw Oversized() }
            }
        }
        return events
    }

    private mutating func endLine() throws(Oversized) -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let field = String(decoding: line[..<colon], as: UTF8.self)
        var value = line[colon...].dropFirst()
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        switch field {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
            guard data.count <= maximumEventBytes else { throw Oversized() }
        case "event":
            type = String(decoding: value, as: UTF8.self)
        case "id" where !value.contains(0):
            lastID = String(decoding: value, as: UTF8.self)
        default:
            break  // `retry` and unknown fields: a client that does not reconnect has no use for them.
        }
        return nil
    }

    private mutating func dispatch() -> Event? {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            type = ""
        }
        guard hasData else { return nil }
        return Event(data: data, type: type.isEmpty ? "message" : type, id: lastID)
    }
}
