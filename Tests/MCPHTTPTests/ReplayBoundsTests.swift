import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
@testable import MCPHTTP
import Testing

/// Replay buffers are bounded in bytes, per session and per endpoint (docs/security.md, "Streams"): one token holder
/// repeating large SSE responses cannot make the server keep them.
@Suite("Replay buffers: bounded in bytes")
struct ReplayBoundsTests {
    static func limits(events: Int = 256, bytes: Int, total: Int) -> HTTPSession.ReplayLimits {
        HTTPSession.ReplayLimits(events: events, bytes: bytes, budget: ReplayBudget(total: total))
    }

    static func session(_ limits: HTTPSession.ReplayLimits, id: String = "s1") -> HTTPSession {
        HTTPSession(
            id: id,
            state: LegacySession(protocolVersion: .v2025_11_25, clientInfo: nil, clientCapabilities: nil, owner: nil),
            bucket: "", now: 0, limits: limits)
    }

    @Test("a session keeps at most its byte bound; oldest events go first; what is sent live is whole")
    func perSession() {
        let session = Self.session(Self.limits(bytes: 10_000, total: 1_000_000))
        let big = String(repeating: "x", count: 3000)
        for _ in 0..<50 {
            let stream = session.newResponseStream()
            let event = session.record(big, on: stream, isFinal: true)
            #expect(event.data.utf8.count == 3000)
        }
        #expect(session.replayBytes <= 10_000)
        #expect(session.replayBytes == 9000)
    }

    @Test("an event larger than the bound is sent but not kept: a resumption ends without it")
    func oversizedEvent() async {
        let session = Self.session(Self.limits(bytes: 1000, total: 1_000_000))
        let stream = session.newResponseStream()
        let priming = session.record("", on: stream, isFinal: false)
        let final = session.record(String(repeating: "y", count: 5000), on: stream, isFinal: true)
        #expect(final.data.utf8.count == 5000)
        #expect(session.replayBytes == 0)
        var resumed: [ServerSentEvent] = []
        for await event in session.openStream(after: priming.id) { resumed.append(event) }
        #expect(resumed.isEmpty)
        let next = session.newResponseStream()
        let primed = session.record("", on: next, isFinal: false)
        _ = session.record(String(repeating: "y", count: 5000), on: next, isFinal: true, substitute: "too large")
        var substituted: [String] = []
        for await event in session.openStream(after: primed.id) { substituted.append(event.data) }
        #expect(substituted == ["too large"], "a dropped final response is replayed as its substitute")
    }

    @Test("all sessions of an endpoint share one byte budget, given back when a session ends")
    func endpointBudget() {
        let limits = Self.limits(bytes: 10_000, total: 25_000)
        let sessions = (0..<5).map { Self.session(limits, id: "session-\($0)") }
        let chunk = String(repeating: "z", count: 4000)
        for session in sessions {
            for _ in 0..<3 { _ = session.record(chunk, on: session.newResponseStream(), isFinal: true) }
        }
        #expect(limits.budget.inUse <= 25_000)
        #expect(sessions.map(\.replayBytes).reduce(0, +) == limits.budget.inUse)
        for session in sessions { session.close() }
        #expect(limits.budget.inUse == 0)
        _ = sessions[0].record(chunk, on: "p9", isFinal: true)
        #expect(limits.budget.inUse == 0, "a closed session keeps nothing")
    }
}
