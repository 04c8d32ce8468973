import GatehouseJSON
import MCPCore

/// The response body of a 2025-03-26 batch, written as its responses come (JSON-RPC 2.0 §6: an array of them),
/// bounded in bytes.
///
/// Once a response would take the body past `limit`, that response is replaced by a -32603 error and the writer is
/// full: the endpoint runs none of the batch's remaining requests and answers each of them with the same error. The
/// body is therefore at most `limit` plus one short error per message of the batch (itself bounded).
struct BatchResponseWriter {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "[")]
    private let limit: Int
    /// Whether a response no longer fit; later requests must not run.
    private(set) var isFull = false

    init(limit: Int) {
        self.limit = limit
    }

    /// The error that stands for a response that did not fit. `data.executed` says whether the request ran (its
    /// effects happened; do not simply send it again) or was not run at all.
    func overflow(_ id: JSONRPCID?, executed: Bool) -> JSONRPCResponse {
        let what = executed ? "this request ran, but its response did not fit" : "this request was not run"
        return JSONRPCResponse(
            id: id,
            outcome: .failure(
                MCPError(
                    code: -32603, message: "the batch's responses exceed \(limit) bytes: \(what)",
                    data: ["executed": .bool(executed)])))
    }

    /// Appends `response`, or the overflow error in its place when it does not fit.
    mutating func append(_ response: JSONRPCResponse) {
        let encoded = response.bytes
        guard !isFull, bytes.count + encoded.count + 1 <= limit else {
            let error = overflow(response.id, executed: !isFull)
            isFull = true
            write(error.bytes)
            return
        }
        write(encoded)
    }

    /// Appends the error for a request that was not run because the writer is full.
    mutating func skip(_ id: JSONRPCID) {
        write(overflow(id, executed: false).bytes)
    }

    private mutating func write(_ encoded: [UInt8]) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: encoded)
    }

    /// The finished body.
    var body: [UInt8] { bytes + [UInt8(ascii: "]")] }
}
