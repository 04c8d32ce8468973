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
    /// The quota bucket the session counts against: its owner's issuer and subject, "" while anonymous. Changed only
    /// by ``SessionStore`` (under its lock) when an authenticated caller claims an anonymous session.
    var bucket: String {
        get { mutable.withLock { $0.bucket } }
        set { mutable.withLock { $0.bucket = newValue } }
    }

    /// The requests the server sent the client on this session's response streams and waits for (answered by POST;
    /// a human may be answering, so each waits up to five minutes).
    let clientRequests = ClientRequests(timeout: .seconds(300))

    /// The GET stream's tag in the replay buffer.
    static let getStream = ""

    /// An event as sent on one stream. An event that was not kept (over the byte bounds) is recorded with its id and
    /// no data, so a resumption knows where its stream stood and where it ended.
    private struct Recorded {
        let stream: String
        let event: ServerSentEvent
        let isFinal: Bool
        /// The bytes it holds of the session's and the endpoint's replay bounds.
        let cost: Int
    }

    /// The bounds of the replay buffer: events per session, bytes per session, and the endpoint's shared bytes.
    struct ReplayLimits: Sendable {
        let events: Int
        let bytes: Int
        let budget: ReplayBudget
    }

    private struct Mutable {
        var bucket: String
        var lastUsed: Double
        var replayBytes = 0
        var isClosed = false
        var nextEventNumber = 0
        var nextStreamNumber = 0
        var replay: [Recorded] = []
        var stream: AsyncStream<ServerSentEvent>.Continuation?
        var resumed: [String: AsyncStream<ServerSentEvent>.Continuation] = [:]
        var inFlight: [JSONRPCID: @Sendable () -> Void] = [:]

        /// Assigns the next event id and keeps the event for replay, within the limits: the session's own oldest
        /// events go first to make room; an event that still does not fit (larger than the session's bound, or the
        /// endpoint's budget spent) is kept without its data. The returned event, to send live, is always whole.
        mutating func record(
            _ data: String, stream: String, isFinal: Bool, prefix: Substring, limits: ReplayLimits,
            substitute: String? = nil
        ) -> ServerSentEvent {
            nextEventNumber += 1
            let event = ServerSentEvent(id: "\(prefix)-\(nextEventNumber)", data: data)
            let cost = data.utf8.count
            var kept = !isClosed && cost <= limits.bytes
            if kept {
                while replayBytes + cost > limits.bytes, !replay.isEmpty { dropOldest(limits) }
                while !limits.budget.reserve(cost) {
                    guard !replay.isEmpty else {
                        kept = false
                        break
                    }
                    dropOldest(limits)
                }
            }
            // A dropped event is replayed as its (short, unbudgeted) substitute, if any: a final response that did
            // not fit becomes an error naming its request, so a resuming client is never left waiting.
            let recorded = kept ? event : ServerSentEvent(id: event.id, data: isClosed ? "" : substitute ?? "")
            replay.append(Recorded(stream: stream, event: recorded, isFinal: isFinal, cost: kept ? cost : 0))
            if kept { replayBytes += cost }
            while replay.count > limits.events { dropOldest(limits) }
            return event
        }

        mutating func dropOldest(_ limits: ReplayLimits) {
            let oldest = replay.removeFirst()
            replayBytes -= oldest.cost
            limits.budget.release(oldest.cost)
        }

        /// Gives every kept byte back to the endpoint's budget (the session ended).
        mutating func releaseAll(_ limits: ReplayLimits) {
            isClosed = true
            limits.budget.release(replayBytes)
            replayBytes = 0
            replay = []
        }
    }

    private let mutable: Mutex<Mutable>
    private let limits: ReplayLimits

    init(id: String, state: LegacySession, bucket: String, now: Double, limits: ReplayLimits) {
        self.id = id
        self.state = state
        self.mutable = Mutex(Mutable(bucket: bucket, lastUsed: now))
        self.limits = limits
    }

    /// The bytes of events this session keeps for replay.
    var replayBytes: Int { mutable.withLock { $0.replayBytes } }

    var lastUsed: Double { mutable.withLock { $0.lastUsed } }

    func touch(_ now: Double) { mutable.withLock { $0.lastUsed = now } }

    /// Sends a server-to-client message on the GET stream, keeping it for `Last-Event-ID` replay.
    func publish(_ data: String) {
        mutable.withLock { state in
            let event = state.record(
                data, stream: Self.getStream, isFinal: false, prefix: id.prefix(8), limits: limits)
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
    /// - Parameter substitute: what a resumption replays instead when the event is too large to keep.
    func record(_ data: String, on stream: String, isFinal: Bool, substitute: String? = nil) -> ServerSentEvent {
        mutable.withLock { state in
            let event = state.record(
                data, stream: stream, isFinal: isFinal, prefix: id.prefix(8), limits: limits, substitute: substitute)
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
            bufferingPolicy: .bufferingNewest(max(1, limits.events)))
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

    /// Ends the session: closes its stream, cancels its requests and gives its replay bytes back.
    func close() {
        let cancels = mutable.withLock { state in
            state.releaseAll(limits)
            state.stream?.finish()
            state.stream = nil
            for resumed in state.resumed.values { resumed.finish() }
            state.resumed = [:]
            defer { state.inFlight = [:] }
            return Array(state.inFlight.values)
        }
        for cancel in cancels { cancel() }
        clientRequests.close()
    }
}
