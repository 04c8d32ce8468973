import Foundation
import GatehouseExample
import GatehouseJSON
import Hummingbird
import HummingbirdTesting
import Logging
@testable import GatehouseServer
import MCPHTTP
import Synchronization
import Testing

@Suite("Log writer: one thread, batched writes, bounded queue, lines that cannot be forged")
struct LogWriterTests {
    /// A destination keeping what it is given, which can be held shut to play a stalled log reader.
    final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        let batches = Mutex(0)
        let gate = DispatchSemaphore(value: 0)
        let held: Bool
        let accepts: Bool

        init(held: Bool = false, accepts: Bool = true) {
            self.held = held
            self.accepts = accepts
        }

        var destination: LogWriter.Destination {
            .custom { [self] bytes in
                if held { gate.wait() }
                batches.withLock { $0 += 1 }
                guard accepts else { return false }
                let text = String(decoding: bytes, as: UTF8.self)
                lines.withLock {
                    $0 += text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                }
                return true
            }
        }

        var all: [String] { lines.withLock { $0 } }

        /// Opens the gate for good.
        func release() { for _ in 0..<10_000 { gate.signal() } }
    }

    static func entry(_ message: String, _ metadata: Logger.Metadata = [:]) -> LogEntry {
        LogEntry(level: .info, label: "gatehouse", message: message, metadata: metadata, source: "test")
    }

    /// Waits (bounded) until the writer has taken `count` queued entries off the queue.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
    }

    /// The one line `format` makes of a message with `metadata`.
    static func line(
        _ format: GatehouseConfiguration.LogFormat, _ message: String, _ metadata: Logger.Metadata
    ) throws -> String {
        let capture = Capture()
        let writer = LogWriter(settings: .init(format: format), destination: capture.destination)
        writer.write(Self.entry(message, metadata))
        writer.flush()
        #expect(capture.all.count == 1)
        return try #require(capture.all.first)
    }

    @Test func textLinesQuoteWhatCouldForgeAFieldOrALine() throws {
        let line = try Self.line(
            .text, "two\nlines",
            ["plain": "abc", "spaced": "a b", "forged": "x outcome=allowed", "empty": "", "n": "1\n2"])
        #expect(line.contains(#" info gatehouse: "two\nlines" "#))
        #expect(line.contains(#" empty="" forged="x outcome=allowed" n="1\n2" plain=abc spaced="a b""#))
        let stamp = line.prefix(24)
        #expect(stamp.count == 24 && stamp.hasSuffix("Z") && stamp.dropFirst(10).hasPrefix("T"))
    }

    @Test func jsonLinesAreObjectsWithoutDuplicateNames() throws {
        let line = try Self.line(
            .json, "auth.decision",
            ["reason": "expired", "quote": "a\"b\n", "level": "forged", "list": .array(["a", "b"])])
        // The strict parser refuses duplicate member names: a metadata key named `level` must not repeat it.
        let object = try StrictJSONParser().parse(Array(line.utf8))
        #expect(object["level"] == "info")
        #expect(object["message"] == "auth.decision")
        #expect(object["reason"] == "expired")
        #expect(object["quote"] == "a\"b\n")
        #expect(object["list"] == ["a", "b"])
        #expect(object["source"] == "test")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        var output: [UInt8] = []
        Timestamp.append(timespec(tv_sec: 1_796_290_960, tv_nsec: 123_456_789), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "2026-12-03T09:42:40.123Z")
    }

    @Test func aFullQueueDropsAndCountsThenSaysSo() async throws {
        let capture = Capture(held: true)
        let writer = LogWriter(settings: .init(format: .text, capacity: 3), destination: capture.destination)
        writer.write(Self.entry("first"))
        // The writer has taken the first entry and is held inside its write; three more fill the queue.
        try await Self.waitUntil { capture.batches.withLock { $0 } == 0 && writer.queuedForTesting == 0 }
        for index in 0..<3 { writer.write(Self.entry("queued \(index)")) }
        for index in 0..<5 { writer.write(Self.entry("dropped \(index)")) }
        #expect(writer.dropped == 5)
        capture.release()
        writer.flush()
        let lines = capture.all
        #expect(lines.filter { $0.contains("dropped ") && !$0.contains("log lines dropped") }.isEmpty)
        #expect(lines.filter { $0.contains("queued ") }.count == 3)
        let notice = try #require(lines.first { $0.contains("log lines dropped") })
        #expect(notice.contains(" warning gatehouse: "))
        #expect(notice.contains("dropped=5"))
    }

    @Test func waitModeLosesNothing() async throws {
        let capture = Capture(held: true)
        let writer = LogWriter(
            settings: .init(format: .text, capacity: 2, whenFull: .wait), destination: capture.destination)
        let writers = Task.detached {
            for index in 0..<20 { writer.write(Self.entry("line \(index)")) }
        }
        // The queue is full and the reader stalled: the writing task waits rather than dropping.
        try await Task.sleep(for: .milliseconds(50))
        #expect(capture.all.isEmpty)
        capture.release()
        await writers.value
        writer.flush()
        #expect(capture.all.count == 20)
        #expect(writer.dropped == 0)
    }

    @Test func flushGivesUpOnAStalledReader() {
        let capture = Capture(held: true)
        let writer = LogWriter(settings: .init(), destination: capture.destination)
        writer.write(Self.entry("stuck"))
        #expect(!writer.flush(timeout: .milliseconds(50)))
        capture.release()
        #expect(writer.flush())
        #expect(capture.all.count == 1)
    }

    @Test func aRefusingDestinationCountsItsLinesAsDropped() {
        let capture = Capture(accepts: false)
        let writer = LogWriter(settings: .init(), destination: capture.destination)
        writer.write(Self.entry("a"))
        writer.flush()
        #expect(writer.dropped == 1)
    }

    @Test func aBrokenDescriptorIsRefusedNotFatal() {
        let bytes: [UInt8] = Array("x\n".utf8)
        #expect(!bytes.withUnsafeBytes { LogWriter.writeAll($0, to: -1) })
        var pipe: [Int32] = [0, 0]
        #expect(Foundation.pipe(&pipe) == 0)
        #expect(bytes.withUnsafeBytes { LogWriter.writeAll($0, to: pipe[1]) })
        close(pipe[0])
        close(pipe[1])
    }

    @Test func decisionsThroughTheWriterHashTheSubjectAndNameTheFields() async throws {
        let capture = Capture()
        let writer = LogWriter(settings: .init(format: .text), destination: capture.destination)
        let token = try ServerTestSupport.token(subject: "alice@example.com")
        let server = try GatehouseServer(
            configuration: try ServerTestSupport.configuration(), backend: ExampleBackend.make(), logWriter: writer)
        try await Application(router: server.router).test(.router) { client in
            try await ServerTestSupport.callTool(client, "/mcp/claude", "whoami", token: token) { _ in }
            try await ServerTestSupport.callTool(client, "/mcp/claude", "whoami") { _ in }
        }
        writer.flush()
        let events = capture.all.filter { $0.contains("auth.decision") }
        #expect(events.count == 2)
        #expect(events[0].contains(" info gatehouse: auth.decision client_id=test-client endpoint=claude "))
        #expect(events[0].contains(#"scopes="notes.read notes.write" subject_hash="#))
        #expect(events[0].contains("outcome=allowed"))
        #expect(events[1].contains(" notice gatehouse: auth.decision "))
        #expect(events[1].contains("reason=missing_token"))
        for line in capture.all {
            #expect(!line.contains("alice@example.com"))
            #expect(!line.contains(token.prefix(40)))
        }
    }

    @Test func theDecisionLevelRuleHoldsThroughTheWriter() async throws {
        let capture = Capture()
        let writer = LogWriter(settings: .init(), destination: capture.destination)
        let log = AuthDecisionLog(writer: writer, level: .notice)
        var allowed = RequestRecord(endpoint: "claude", httpMethod: "POST")
        allowed.outcome = .allowed
        var denied = allowed
        denied.outcome = .denied
        denied.reason = "expired"
        log.requestCompleted(allowed)
        log.requestCompleted(denied)
        writer.flush()
        #expect(capture.all.count == 1)
        #expect(capture.all.first?.contains("reason=expired") == true)
    }

    @Test func theSubjectDigestIsTheFirst16HexDigitsOfSHA256() {
        // python3 -c "import hashlib; print(hashlib.sha256(b'https://id.example.com\\x00alice').hexdigest()[:16])"
        #expect(SubjectDigest.of(issuer: "https://id.example.com", subject: "alice") == "0db8d1fd53e1fd2c")
        #expect(AuthDecisionLog.printable("tools/call") == "tools/call")
        #expect(AuthDecisionLog.printable("a\u{7F}b\u{E9}") == "a?b?")
    }

    @Test func latencyHasThreeDecimals() {
        var record = RequestRecord(endpoint: "claude", httpMethod: "POST")
        record.duration = .microseconds(1_234_567)
        #expect(record.milliseconds == "1234.567")
        record.duration = .microseconds(45)
        #expect(record.milliseconds == "0.045")
    }

    @Test func cachedMetricHandlesStillCountEveryRequest() {
        let metrics = GatehouseMetrics()
        var record = RequestRecord(endpoint: "claude", httpMethod: "POST")
        record.mcpMethod = "tools/call"
        record.outcome = .allowed
        record.duration = .milliseconds(1)
        metrics.requestCompleted(record)
        metrics.requestCompleted(record)
        record.outcome = .denied
        record.reason = "expired"
        metrics.requestCompleted(record)
        metrics.sample(logRecordsDropped: 4)
        metrics.sample(logRecordsDropped: 6)
        let text = metrics.exposition()
        #expect(
            text.contains(
                #"gatehouse_requests_total{endpoint="claude",method="tools/call",outcome="allowed",reason="none"} 2"#))
        #expect(
            text.contains(
                #"gatehouse_requests_total{endpoint="claude",method="tools/call",outcome="denied",reason="expired"} 1"#)
        )
        #expect(text.contains(#"gatehouse_request_duration_seconds_count{endpoint="claude",outcome="allowed"} 2"#))
        #expect(text.contains("gatehouse_log_records_dropped_total 6"))
    }
}
