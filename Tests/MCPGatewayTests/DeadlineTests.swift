import MCPCore
import Testing

@testable import MCPGateway

/// The deadline of an upstream exchange (`Deadline.run`): a timer cancels the exchange and the failure reads as a
/// timeout; the caller's cancellation stays a cancellation; an answer is returned, even one that came too late.
@Suite("Upstream exchange deadline")
struct DeadlineTests {
    /// An exchange that waits until it is cancelled.
    private static func waitForCancellation() async throws(MCPClientError) -> Int {
        do {
            try await Task.sleep(for: .seconds(60))
        } catch {
            throw .cancelled
        }
        return 0
    }

    @Test("an exchange past its limit is cancelled and reported as a timeout naming the limit")
    func expires() async {
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: MCPClientError.timedOut(seconds: 0.2)) {
            try await Deadline.run(.milliseconds(200)) { () throws(MCPClientError) in
                try await Self.waitForCancellation()
            }
        }
        #expect(clock.now - started < .seconds(5))
    }

    @Test("a failure of the exchange itself before the limit is reported as it is")
    func ownFailure() async {
        await #expect(throws: MCPClientError.connectionLost("reset")) {
            try await Deadline.run(.seconds(30)) { () throws(MCPClientError) -> Int in throw .connectionLost("reset") }
        }
    }

    @Test("a result in time is returned")
    func inTime() async throws {
        let value = try await Deadline.run(.seconds(30)) { () throws(MCPClientError) -> Int in 42 }
        #expect(value == 42)
    }

    /// Waits `duration` whatever happens to the waiting task (an upstream exchange that does not stop at once when
    /// cancelled).
    private static func waitIgnoringCancellation(_ duration: Duration) async {
        await Task { try? await Task.sleep(for: duration) }.value
    }

    @Test("an exchange that fails after its limit, because it was stopped late, is reported as a timeout")
    func lateFailureIsTimeout() async {
        await #expect(throws: MCPClientError.timedOut(seconds: 0.1)) {
            try await Deadline.run(.milliseconds(100)) { () throws(MCPClientError) -> Int in
                await Self.waitIgnoringCancellation(.milliseconds(300))
                throw .connectionLost("reset")
            }
        }
    }

    @Test("an answer that arrives after the limit, from an exchange that could not be stopped, is not thrown away")
    func lateAnswerKept() async throws {
        let value = try await Deadline.run(.milliseconds(100)) { () throws(MCPClientError) -> Int in
            await Self.waitIgnoringCancellation(.milliseconds(300))
            return 42
        }
        #expect(value == 42)
    }

    @Test("the caller's cancellation cancels the exchange and stays a cancellation, not a timeout")
    func callerCancels() async {
        let call = Task { () async -> Result<Int, MCPClientError> in
            do throws(MCPClientError) {
                return .success(
                    try await Deadline.run(.seconds(30)) { () throws(MCPClientError) in
                        try await Self.waitForCancellation()
                    })
            } catch {
                return .failure(error)
            }
        }
        try? await Task.sleep(for: .milliseconds(50))
        call.cancel()
        guard case .failure(let error) = await call.value else {
            Issue.record("the cancelled exchange returned a value")
            return
        }
        #expect(error == .cancelled)
    }

    @Test("a caller cancelled before the exchange starts cancels it at once")
    func alreadyCancelled() async {
        let call = Task { () async -> MCPClientError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(MCPClientError) {
                _ = try await Deadline.run(.seconds(30)) { () throws(MCPClientError) in
                    try await Self.waitForCancellation()
                }
                return nil
            } catch {
                return error
            }
        }
        #expect(await call.value == .cancelled)
    }

    @Test("without a deadline the exchange runs as it is")
    func notApplied() async throws {
        let value = try await Deadline.run(.nanoseconds(1), applies: false) { () throws(MCPClientError) -> Int in
            try? await Task.sleep(for: .milliseconds(20))
            return 7
        }
        #expect(value == 7)
    }
}
