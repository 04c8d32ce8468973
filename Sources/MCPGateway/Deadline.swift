import MCPCore
import NIOCore
import NIOPosix
import Synchronization

/// Runs an upstream exchange with a deadline covering all of it (connection, response head and body): when the
/// time is up the exchange is cancelled and ``MCPClientError/timedOut(seconds:)`` is thrown.
///
/// The exchange runs in one task started with `Task.immediate` (SE-0472), so it begins on the caller's thread with
/// no hop, and the deadline is an event-loop timer rather than a second task sleeping: a task group with an operation
/// and a sleeper cost about 40 µs of every proxied request (docs/benchmarks.md, "Session 15"). Cancelling the
/// caller cancels the exchange, as a child task's would be.
///
/// When the timer fires, the call still waits for the exchange to stop: a failure then (the cancellation, or
/// whatever the exchange stopped with) is reported as the timeout, while an answer that arrived anyway is returned,
/// not thrown away (`DeadlineTests`).
enum Deadline {
    /// Runs `operation` within `limit`, or without a limit when `applies` is `false`.
    static func run<T: Sendable>(
        _ limit: Duration, applies: Bool = true, _ operation: @escaping @Sendable () async throws(MCPClientError) -> T
    ) async throws(MCPClientError) -> T {
        guard applies else { return try await operation() }
        let exchange = Task.immediate { () async -> Result<T, MCPClientError> in
            do throws(MCPClientError) {
                return .success(try await operation())
            } catch {
                return .failure(error)
            }
        }
        let expiry = Expiry()
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(limit.nanoseconds)) {
            expiry.passed.store(true, ordering: .sequentiallyConsistent)
            exchange.cancel()
        }
        let outcome = await withTaskCancellationHandler {
            await exchange.value
        } onCancel: {
            exchange.cancel()
        }
        timer.cancel()
        if case .failure = outcome, expiry.passed.load(ordering: .sequentiallyConsistent) {
            throw .timedOut(seconds: limit.seconds)
        }
        return try outcome.get()
    }

    /// Set by the timer when the limit passed, so that the exchange's failure is reported as a timeout.
    private final class Expiry: Sendable {
        let passed = Atomic(false)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max` (about 292 years).
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carried) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow || carried ? .max : total
    }

    /// The duration in (fractional) seconds.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
