public import MCPCore
import Synchronization

/// A legacy (initialize-based) MCP session as the HTTP transport keeps it: the protocol state, a bounded
/// replay buffer for its GET stream, the open GET stream if any, and its in-flight requests (for
/// `notifications/cancelled`).
public final class HTTPSession: Sendable {
    /// The session id (`Mcp-Session-Id`): 256 bits from the system CSPRNG, hex-encoded (visible ASCII).
    public let id: String
    /// The negotiated protocol state.
    public let state: LegacySession

    private struct Mutable {
        var lastUsed: Double
        var nextEventNumber = 0
        var replay: [ServerSentEvent] = []
        var stream: AsyncStream<ServerSentEvent>.Continuation?
        var inFlight: [JSONRPCID: @Sendable () -> Void] = [:]
    }

    private let mutable: Mutex<Mutable>
    private let replayCapacity: Int

    init(id: String, state: LegacySession, now: Double, replayCapacity: Int) {
        self.id = id
        self.state = state
        self.mutable = Mutex(Mutable(lastUsed: now))
        self.replayCapacity = replayCapacity
    }

    var lastUsed: Double { mutable.withLock { $0.lastUsed } }

    func touch(_ now: Double) { mutable.withLock { $0.lastUsed = now } }

    /// Sends a server-to-client message on the GET stream, keeping it for `Last-Event-ID` replay.
    func publish(_ data: String) {
        mutable.withLock { state in
            state.nextEventNumber += 1
            let event = ServerSentEvent(id: "\(id.prefix(8))-\(state.nextEventNumber)", data: data)
            state.replay.append(event)
            if state.replay.count > replayCapacity { state.replay.removeFirst(state.replay.count - replayCapacity) }
            state.stream?.yield(event)
        }
    }

    /// Opens the GET stream (replacing an earlier one), first replaying events after `lastEventID`.
    func openStream(after lastEventID: String?) -> AsyncStream<ServerSentEvent> {
        let (stream, continuation) = AsyncStream<ServerSentEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(replayCapacity))
        mutable.withLock { state in
            state.stream?.finish()
            if let lastEventID, let index = state.replay.firstIndex(where: { $0.id == lastEventID }) {
                for event in state.replay[(index + 1)...] { continuation.yield(event) }
            }
            state.stream = continuation
        }
        return stream
    }

    /// Registers a running request so `notifications/cancelled` can stop it.
    func register(_ requestID: JSONRPCID, cancel: @escaping @Sendable () -> Void) {
        mutable.withLock { $0.inFlight[requestID] = cancel }
    }

    func finished(_ requestID: JSONRPCID) {
        _ = mutable.withLock { $0.inFlight.removeValue(forKey: requestID) }
    }

    /// Cancels a running request by id (`notifications/cancelled`).
    func cancel(_ requestID: JSONRPCID) {
        let cancel = mutable.withLock { $0.inFlight.removeValue(forKey: requestID) }
        cancel?()
    }

    /// Ends the GET stream, if one is open (the session lives on; the client may reconnect with `Last-Event-ID`).
    func closeStream() {
        mutable.withLock { state in
            state.stream?.finish()
            state.stream = nil
        }
    }

    /// Ends the session: closes its stream and cancels its requests.
    func close() {
        let cancels = mutable.withLock { state in
            state.stream?.finish()
            state.stream = nil
            defer { state.inFlight = [:] }
            return Array(state.inFlight.values)
        }
        for cancel in cancels { cancel() }
    }
}
