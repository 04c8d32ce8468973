import GatehouseJSON
import MCPCore
import Synchronization

/// The requests a legacy session's server sent its client and still waits for (2025-11-25 basic/transports:
/// "The server MAY send JSON-RPC requests and notifications before sending the JSON-RPC response" on a POST's SSE
/// stream; the client POSTs its answer in the same session). Bounded in number; each waits at most `timeout` and
/// ends with its call when that is cancelled.
final class ClientRequests: Sendable {
    /// The most requests of one session waiting at once.
    static let maximumOutstanding = 16

    private struct State {
        var nextNumber = 0
        var waiting: [JSONRPCID: CheckedContinuation<Result<JSONValue, MCPError>, Never>] = [:]
        var isClosed = false
    }

    private let state = Mutex(State())
    private let timeout: Duration

    init(timeout: Duration) {
        self.timeout = timeout
    }

    /// Sends `method` through `send` (which writes the request on the call's stream) and waits for the answer.
    func ask(_ method: String, params: [String: JSONValue], send: @escaping @Sendable (String) -> Void)
        async throws(MCPError) -> JSONValue
    {
        let id = state.withLock { state -> JSONRPCID in
            state.nextNumber += 1
            return .string("gatehouse-\(state.nextNumber)")
        }
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
        if !params.isEmpty { message["params"] = .object(params) }
        let body = JSONWriter.serialize(.object(message))
        let timer = Task { [weak self, timeout] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            self?.resolve(
                id, .failure(MCPError(code: -32603, message: "The client did not answer \(method) in time")))
        }
        defer { timer.cancel() }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let refusal = state.withLock { state -> MCPError? in
                    if state.isClosed { return MCPError(code: -32603, message: "The session has ended") }
                    if Task.isCancelled { return .requestCancelled }
                    guard state.waiting.count < Self.maximumOutstanding else {
                        return MCPError(code: -32603, message: "Too many requests to the client are waiting")
                    }
                    state.waiting[id] = continuation
                    return nil
                }
                if let refusal {
                    continuation.resume(returning: .failure(refusal))
                } else {
                    send(body)
                }
            }
        } onCancel: {
            resolve(id, .failure(.requestCancelled))
        }
        return try outcome.get()
    }

    /// How many requests wait for their answer.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Hands the client's answer to the request waiting for it; an answer nobody waits for is dropped.
    /// - Returns: whether a request was waiting for it.
    @discardableResult
    func answer(_ response: JSONRPCResponse) -> Bool {
        guard let id = response.id else { return false }
        return resolve(id, response.outcome)
    }

    /// Ends every waiting request (the session ended).
    func close() {
        let waiting = state.withLock { state in
            state.isClosed = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in waiting {
            continuation.resume(returning: .failure(MCPError(code: -32603, message: "The session has ended")))
        }
    }

    @discardableResult
    private func resolve(_ id: JSONRPCID, _ outcome: Result<JSONValue, MCPError>) -> Bool {
        let continuation = state.withLock { $0.waiting.removeValue(forKey: id) }
        continuation?.resume(returning: outcome)
        return continuation != nil
    }
}
