import NIOCore

/// One Server-Sent Event (WHATWG HTML §9.2), as MCP uses them: `event: message` carrying one JSON-RPC message.
struct ServerSentEvent: Sendable {
    var id: String?
    var data: String

    init(id: String? = nil, data: String) {
        self.id = id
        self.data = data
    }

    /// The wire form. `data` is one JSON document, which never contains a raw newline when produced by
    /// `JSONWriter`; any newline is still split into `data:` lines so the framing cannot be broken.
    var encoded: String {
        var text = ""
        if let id { text += "id: \(id)\n" }
        text += "event: message\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return text + "\n"
    }

    var buffer: ByteBuffer { ByteBuffer(string: encoded) }
}
