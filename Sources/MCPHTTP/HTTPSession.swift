public import MCPCore
import Synchronization

/// A legacy (initialize-based) MCP session as the HTTP transport keeps it: the protocol state, a bounded
/// replay buffer of the events of its streams (the GET stream and every POST response stream), the open GET
/// stream if any, and its in-flight requests (for `notifications/cancelled`).
///
/// Resumption (2025-11-25 basic/transports "Resumability and Redelivery"): a GET with `Last-Event-ID` replays the
/// events after that id **of the stream it belongs to**, never another stream's; for a POST stream whose response
/// has not been sent yet, the GET then carries the rest of that stream and ends with its response.
public final class HTTPSession: Sendable {
    /// The session id (`Mcp-Session-Id`): 256 bits from the system CSPRNG, hex-encoded (visible ASCII).
    public let id: String
    /// The negotiated protocol state.
    public let state: LegacySession
    /// The quota bucket the session counts against (its creator's issuer and subject; "" when anonymous).
    let bucket: String

    /// The GET stream's tag in the replay buffer.
    static let getStream = ""

    /// An event as sent on one stream.
    private struct Recorded {
        let stream: String
        let event: ServerSentEvent
        let isFinal: Bool
    }

    private struct Mutable {
        var lastUsed: Double
        var nextEventNumber = 0
        var nextStreamNumber = 0
        var replay: [Recorded] = []
        var stream: AsyncStream<ServerSentEvent>.Continuation?
        var resumed: [String: AsyncStream<ServerSentEvent>.Continuation] = [:]
        var inFlight: [JSONRPCID: @Sendable () -> Void] = [:]

        /// Assigns the next event id and keeps the event for replay (bounded).
        mutating func record(_ data: String, stream: String, isFinal: Bool, prefix: Substring, capacity: Int)
            -> ServerSentEvent
        {
            nextEventNumber += 1
            let event = ServerSentEvent(id: "\(prefix)-\(nextEventNumber)", data: data)
            replay.append(Recorded(stream: stream, event: event, isFinal: isFinal))
            if replay.count > capacity { replay.removeFirst(replay.count - capacity) }
            return event
        }
    }

    private let mutable: Mutex<Mutable>
    private let replayCapacity: Int

    init(id: String, state: LegacySession, bucket: String, now: Double, replayCapacity: Int) {
        self.id = id
        self.state = state
        self.bucket = bucket
        self.mutable = Mutex(Mutable(lastUsed: now))
        self.replayCapacity = replayCapacity
    }

    var lastUsed: Double { mutable.withLock { $0.lastUsed } }

    func touch(_ now: Double) { mutable.withLock { $0.lastUsed = now } }

    /// Sends a server-to-client message on the GET stream, keeping it for `Last-Event-ID` replay.
    func publish(_ data: String) {
        mutable.withLock { state in
            let event = state.record(
                data, stream: Self.getStream, isFinal: false, prefix: id.prefix(8), capacity: replayCapacity)
            state.stream?.yield(event)
        }
    }

    /// A new POST response stream's tag.
    func newResponseStream() -> String {
        mutable.withLock { state in
            state.nextStreamNumber += 1
            return "p\(state.nextStreamNumber)"
        }
    }

    /// Records an event of POST response stream `stream` (its id comes from the session's sequence) and forwards
    /// it to a GET that resumed the stream, ending that GET after the final event (the JSON-RPC response).
    func record(_ data: String, on stream: String, isFinal: Bool) -> ServerSentEvent {
        mutable.withLock { state in
            let event = state.record(
                data, stream: stream, isFinal: isFinal, prefix: id.prefix(8), capacity: replayCapacity)
            if let resumed = state.resumed[stream] {
                resumed.yield(event)
                if isFinal {
                    resumed.finish()
                    state.resumed[stream] = nil
                }
            }
            return event
        }
    }

    /// Opens a GET stream. With a `Last-Event-ID` of a POST response stream, it replays that stream's later events
    /// and, if its response is still to come, carries the rest; otherwise it is the session's GET stream
    /// (replacing an earlier one), first replaying the GET stream's events after `lastEventID`.
    func openStream(after lastEventID: String?) -> AsyncStream<ServerSentEvent> {
        let (stream, continuation) = AsyncStream<ServerSentEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(replayCapacity))
        mutable.withLock { state in
            let index = lastEventID.flatMap { last in state.replay.firstIndex { $0.event.id == last } }
            let tag = index.map { state.replay[$0].stream } ?? Self.getStream
            let later = index.map { state.replay[($0 + 1)...].filter { $0.stream == tag } } ?? []
            for recorded in later where !recorded.event.data.isEmpty { continuation.yield(recorded.event) }
            guard tag == Self.getStream else {
                if later.contains(where: \.isFinal) || index.map({ state.replay[$0].isFinal }) == true {
                    continuation.finish()
                } else {
                    state.resumed[tag]?.finish()
                    state.resumed[tag] = continuation
                }
                return
            }
            state.stream?.finish()
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
            for resumed in state.resumed.values { resumed.finish() }
            state.resumed = [:]
        }
    }

    /// Ends the session: closes its stream and cancels its requests.
    func close() {
        let cancels = mutable.withLock { state in
            state.stream?.finish()
            state.stream = nil
            for resumed in state.resumed.values { resumed.finish() }
            state.resumed = [:]
            defer { state.inFlight = [:] }
            return Array(state.inFlight.values)
        }
        for cancel in cancels { cancel() }
    }
}
