import MCPCore

/// Runs an upstream exchange with a deadline covering all of it (connection, response head and body): when the
/// time is up the exchange is cancelled and ``MCPClientError/timedOut(seconds:)`` is thrown.
enum Deadline {
    /// Runs `operation` within `limit`, or without a limit when `applies` is `false`.
    static func run<T: Sendable>(
        _ limit: Duration, applies: Bool = true, _ operation: @escaping @Sendable () async throws(MCPClientError) -> T
    ) async throws(MCPClientError) -> T {
        guard applies else { return try await operation() }
        let outcome: Result<T, MCPClientError> = await withTaskGroup(of: Result<T, MCPClientError>?.self) { group in
            group.addTask {
                do throws(MCPClientError) {
                    return .success(try await operation())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: limit)
                } catch {
                    return nil  // Cancelled: the exchange finished first.
                }
                let (seconds, attoseconds) = limit.components
                return .failure(.timedOut(seconds: Double(seconds) + Double(attoseconds) / 1e18))
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(.cancelled)
        }
        return try outcome.get()
    }
}
