import Foundation
import GatehouseJSON
public import Logging
public import MCPCore
import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A local MCP server run as a child process, one JSON-RPC message per line on its stdin and stdout
/// (basic/transports, "stdio").
///
/// - The process starts on first use. Its stderr goes to the gateway's log, line by line, tagged with the upstream.
/// - When it exits, every request waiting for it fails at once with ``MCPClientError/connectionLost(_:)`` and it is
///   started again after a backoff that doubles from `initialBackoff` to `maximumBackoff` (reset after a process
///   has run for a minute); requests during the backoff fail immediately, naming the exit status.
/// - ``close()`` stops it (SIGTERM, then SIGKILL after two seconds).
/// - A line longer than `maximumMessageBytes` is dropped (and, if one request is waiting, fails it).
/// - Creating one sets `SIGPIPE` to be ignored in the whole process: writing to a child that has just died would
///   otherwise kill the gateway (the write then fails with `EPIPE`, which ends that process's run).
public final class StdioUpstreamTransport: MCPClientTransport {
    /// Ignores SIGPIPE once per process.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private let command: UpstreamCommand
    private let logger: Logger
    private let timeout: Duration
    private let maximumMessageBytes: Int
    private let initialBackoff: Duration
    private let maximumBackoff: Duration
    private let state = Mutex(State())

    private struct Waiter {
        let continuation: CheckedContinuation<JSONRPCResponse, any Error>
        let onMessage: @Sendable (ServerMessage) async -> Void
        let progressToken: JSONValue?
    }

    private struct State {
        var supervisor: Task<Void, Never>?
        var outbox: AsyncStream<[UInt8]>.Continuation?
        var generation = 0
        var initializedGeneration = -1
        var waiters: [JSONRPCID: Waiter] = [:]
        var unsolicited: (@Sendable (ServerMessage) async -> Void)?
        var down: (reason: String, until: ContinuousClock.Instant)?
        var closed = false
    }

    /// Creates a transport that runs `command`.
    ///
    /// - Parameters:
    ///   - logger: receives the child's stderr and the transport's own events.
    ///   - timeout: how long one request may wait for its response.
    public init(
        command: UpstreamCommand, logger: Logger, timeout: Duration = .seconds(30),
        maximumMessageBytes: Int = 16 << 20, initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(30)
    ) {
        self.command = command
        self.logger = logger
        self.timeout = timeout
        self.maximumMessageBytes = maximumMessageBytes
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        Self.ignoreBrokenPipes
    }

    deinit {
        state.withLock { $0.supervisor?.cancel() }
    }

    public func send(_ request: OutgoingRequest, onMessage: @escaping @Sendable (ServerMessage) async -> Void)
        async throws(MCPClientError) -> JSONRPCResponse
    {
        let outbox = try ensureRunning()
        let legacyRequest = request.version.map { !$0.isModern } ?? false
        if legacyRequest, request.method != "initialize", state.withLock({ $0.initializedGeneration != $0.generation })
        {
            throw .sessionExpired  // A new process: the client must initialize it first.
        }
        let id = request.id
        let bytes = request.bytes + [0x0A]
        let progressToken = request.params["_meta"]?.objectValue?["progressToken"]
        return try await Deadline.run(timeout, applies: request.hasDeadline) { () throws(MCPClientError) in
            do {
                return try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        let generation = self.state.withLock { state -> Int in
                            state.waiters[id] = Waiter(
                                continuation: continuation, onMessage: onMessage, progressToken: progressToken)
                            return state.generation
                        }
                        if request.method == "initialize" {
                            self.state.withLock { $0.initializedGeneration = generation }
                        }
                        // Cancelled before the waiter existed: the cancellation handler found nothing to fail.
                        guard !Task.isCancelled else { return self.fail(id, with: .cancelled) }
                        outbox.yield(bytes)
                    }
                } onCancel: {
                    self.fail(id, with: .cancelled)
                }
            } catch let error as MCPClientError {
                throw error
            } catch {
                throw .connectionLost("\(error)")
            }
        }
    }

    public func notify(_ notification: OutgoingNotification) async throws(MCPClientError) {
        try ensureRunning().yield(notification.bytes + [0x0A])
    }

    public func respond(_ response: JSONRPCResponse, version: ProtocolVersion?) async throws(MCPClientError) {
        try ensureRunning().yield(response.bytes + [0x0A])
    }

    public func negotiated(_ version: ProtocolVersion) async {}

    public func resetSession() async {}

    public func setUnsolicitedHandler(_ handler: @escaping @Sendable (ServerMessage) async -> Void) async {
        state.withLock { $0.unsolicited = handler }
    }

    /// Stops the process and fails what waits for it.
    public func close() async {
        let supervisor = state.withLock { state -> Task<Void, Never>? in
            state.closed = true
            state.outbox?.finish()
            return state.supervisor
        }
        supervisor?.cancel()
        await supervisor?.value
        failAll(with: .closed)
    }

    /// Whether a process is running (or starting) rather than waiting out a backoff.
    public var isRunning: Bool { state.withLock { $0.outbox != nil } }

    // MARK: - The process

    /// The running process's input, starting the supervisor on first use.
    private func ensureRunning() throws(MCPClientError) -> AsyncStream<[UInt8]>.Continuation {
        let result = state.withLock { state -> Result<AsyncStream<[UInt8]>.Continuation, MCPClientError> in
            if state.closed { return .failure(.closed) }
            if let outbox = state.outbox { return .success(outbox) }
            if let down = state.down {
                let wait = ContinuousClock.now.duration(to: down.until)
                return .failure(.connectionLost("\(down.reason); restarting in \(Self.seconds(wait)) s"))
            }
            let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
            state.outbox = continuation
            state.generation += 1
            state.supervisor = Task { await self.supervise(first: stream) }
            return .success(continuation)
        }
        return try result.get()
    }

    /// Runs the process, and again after each exit, until closed.
    private func supervise(first: AsyncStream<[UInt8]>) async {
        var input = first
        var backoff = initialBackoff
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let reason = await runOnce(input: input)
            let ranFor = started.duration(to: .now)
            if ranFor > .seconds(60) { backoff = initialBackoff }
            state.withLock { state in
                state.outbox = nil
                state.down = (reason, .now + backoff)
            }
            failAll(with: .connectionLost(reason))
            if Task.isCancelled || state.withLock({ $0.closed }) { return }
            logger.warning(
                "upstream process ended; restarting",
                metadata: ["command": "\(command.executable)", "reason": "\(reason)", "backoff": "\(backoff)"])
            do {
                try await Task.sleep(for: backoff)
            } catch {
                return
            }
            backoff = min(backoff * 2, maximumBackoff)
            let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
            let stillOpen = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.down = nil
                state.outbox = continuation
                state.generation += 1
                return true
            }
            guard stillOpen else { return }
            input = stream
        }
    }

    /// Runs the process once; returns why it ended.
    private func runOnce(input: AsyncStream<[UInt8]>) async -> String {
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(2))]
        let executable: Executable =
            command.executable.contains("/") ? .path(FilePath(command.executable)) : .name(command.executable)
        var variables: [Environment.Key: String] = [:]
        if !command.inheritsEnvironment {
            let own = ProcessInfo.processInfo.environment
            for name in UpstreamCommand.passedVariables {
                if let value = own[name] { variables[Environment.Key(stringLiteral: name)] = value }
            }
        }
        for (name, value) in command.environment { variables[Environment.Key(stringLiteral: name)] = value }
        let environment: Environment =
            command.inheritsEnvironment ? .inherit.updating(variables.mapValues { $0 }) : .custom(variables)
        let maximum = maximumMessageBytes
        do {
            let result = try await run(
                executable, arguments: Arguments(command.arguments), environment: environment,
                workingDirectory: command.workingDirectory.map { FilePath($0) }, platformOptions: options,
                input: .inputWriter, output: .sequence, error: .sequence
            ) { execution in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await message in input {
                            do {
                                _ = try await execution.standardInputWriter.write(message)
                            } catch {
                                break
                            }
                        }
                        try? await execution.standardInputWriter.finish()
                    }
                    group.addTask { await self.readErrors(execution.standardError) }
                    // The process's stdout: when it ends, the process is gone or has closed it; either way it can no
                    // longer answer, so stop writing and stop it (a child that closes stdout but keeps running would
                    // otherwise hold every later request until its timeout and never be restarted).
                    await self.readMessages(execution.standardOutput, maximumLineBytes: maximum)
                    group.cancelAll()
                    await execution.teardown(using: [.gracefulShutDown(allowedDurationToNextStep: .seconds(2))])
                }
            }
            return "the process exited (\(result.terminationStatus))"
        } catch {
            return "the process could not start: \(String(describing: error).prefix(200))"
        }
    }

    private func readMessages(_ output: SubprocessOutputSequence, maximumLineBytes: Int) async {
        var splitter = LineSplitter(maximumLineBytes: maximumLineBytes)
        do {
            for try await buffer in output {
                var lines: [LineSplitter.Line] = []
                buffer.withUnsafeBytes { bytes in splitter.feed(bytes) { lines.append($0) } }
                for line in lines { await deliver(line) }
            }
        } catch {
            logger.debug("upstream stdout ended", metadata: ["error": "\(error)"])
        }
        if let last = splitter.finish() { await deliver(last) }
    }

    private func readErrors(_ output: SubprocessOutputSequence) async {
        var splitter = LineSplitter(maximumLineBytes: 8 << 10)
        do {
            for try await buffer in output {
                var lines: [LineSplitter.Line] = []
                buffer.withUnsafeBytes { bytes in splitter.feed(bytes) { lines.append($0) } }
                for case .line(let line) in lines {
                    logger.notice(
                        "\(String(decoding: line, as: UTF8.self))", metadata: ["stream": "stderr"])
                }
            }
        } catch {
            return
        }
    }

    private func deliver(_ line: LineSplitter.Line) async {
        guard case .line(let bytes) = line else {
            logger.error(
                "upstream sent a message larger than the limit; dropped", metadata: ["limit": "\(maximumMessageBytes)"])
            let only = state.withLock { $0.waiters.count == 1 ? $0.waiters.keys.first : nil }
            if let only { fail(only, with: .responseTooLarge(limit: maximumMessageBytes)) }
            return
        }
        let message: ServerMessage
        do {
            message = try ServerMessage(bytes: bytes)
        } catch {
            logger.warning(
                "upstream sent a line that is not a JSON-RPC message; ignored", metadata: ["error": "\(error)"])
            return
        }
        switch message {
        case .response(let response):
            guard let id = response.id, let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) else {
                logger.debug("upstream answered a request nobody waits for")
                return
            }
            waiter.continuation.resume(returning: response)
        case .notification(let notification):
            if let token = notification.params["progressToken"],
                let waiter = state.withLock({ $0.waiters.values.first { $0.progressToken == token } })
            {
                await waiter.onMessage(message)
            } else if let handler = state.withLock({ $0.unsolicited }) {
                // Not awaited: a handler may send requests (a refresh after list_changed) whose answers this very
                // loop must read.
                Task { await handler(message) }
            }
        case .request:
            if let handler = state.withLock({ $0.unsolicited }) { Task { await handler(message) } }
        }
    }

    private func fail(_ id: JSONRPCID, with error: MCPClientError) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(throwing: error)
    }

    private func failAll(with error: MCPClientError) {
        let waiters = state.withLock { state -> [Waiter] in
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = Int((max(0, Double(seconds) + Double(attoseconds) / 1e18) * 10).rounded(.up))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
