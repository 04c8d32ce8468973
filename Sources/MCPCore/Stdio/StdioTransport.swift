import GatehouseJSON
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// MCP over standard input and output (all revisions' basic/transports "stdio"): one JSON-RPC message per line,
/// nothing but protocol messages on the output, logs on standard error. Authorization does not apply to stdio
/// (the process runs as its user); an optional fixed caller can be given.
///
/// The era is chosen by the first request, as a dual-era server does: `initialize` starts a legacy session for the
/// process; requests carrying modern `_meta` are served statelessly (2026-07-28 basic/versioning).
///
/// ```swift
/// try await StdioTransport(dispatcher: MCPDispatcher(backend: backend)).run()
/// ```
public struct StdioTransport: Sendable {
    /// The dispatcher.
    public let dispatcher: MCPDispatcher
    /// The caller every request is attributed to (stdio has no authentication).
    public let caller: Caller?
    /// The longest accepted line, in bytes.
    public let maximumLineBytes: Int
    private let logger: Logger

    /// Creates a transport.
    public init(
        dispatcher: MCPDispatcher, caller: Caller? = nil, maximumLineBytes: Int = 4 * 1024 * 1024,
        logger: Logger = Logger(label: "gatehouse.stdio")
    ) {
        self.dispatcher = dispatcher
        self.caller = caller
        self.maximumLineBytes = maximumLineBytes
        self.logger = logger
    }

    /// Serves until the input closes, off its caller's executor (`@concurrent`): the documented call is top-level
    /// code, which is the main actor's, and the loop's decoding and its blocking `write(2)`s belong elsewhere.
    /// - Parameters:
    ///   - input: the file descriptor messages arrive on (standard input by default).
    ///   - output: the file descriptor responses go to (standard output by default).
    @concurrent public func run(input: Int32 = 0, output: Int32 = 1) async {
        let writer = LineWriter(fileDescriptor: output)
        let state = StdioState()
        await withTaskGroup(of: Void.self) { group in
            for await line in LineReader.lines(fileDescriptor: input, maximumLineBytes: maximumLineBytes) {
                guard case .line(let bytes) = line else {
                    writer.write(
                        JSONRPCResponse(
                            id: nil, outcome: .failure(.invalidRequest("the message exceeds \(maximumLineBytes) bytes"))
                        ).body)
                    continue
                }
                let decoded: DecodedBody
                do throws(MCPError) {
                    decoded = try JSONRPCMessage.decodeBody(bytes)
                } catch {
                    writer.write(JSONRPCResponse(id: nil, outcome: .failure(error)).body)
                    continue
                }
                let session = state.mutex.withLock { $0.session }
                if decoded.isBatch && !(session?.protocolVersion.allowsBatches ?? false) {
                    writer.write(
                        JSONRPCResponse(
                            id: nil, outcome: .failure(.invalidRequest("batches are only part of protocol 2025-03-26"))
                        ).body)
                    continue
                }
                for message in decoded.messages {
                    switch message {
                    case .failure(let error):
                        writer.write(JSONRPCResponse(id: nil, outcome: .failure(error)).body)
                    case .success(.response):
                        continue
                    case .success(.notification(let method, let params)):
                        if method == "notifications/cancelled", let id = params["requestId"].flatMap(JSONRPCID.init) {
                            state.mutex.withLock { $0.running.removeValue(forKey: id) }?.cancel()
                        }
                    case .success(.request(let request)):
                        if request.method == "initialize" {
                            let (newSession, response) = dispatcher.initialize(request, caller: caller)
                            if let newSession { state.mutex.withLock { $0.session = newSession } }
                            writer.write(response.body)
                            continue
                        }
                        let version: ProtocolVersion
                        if request.meta?[MetaKeys.protocolVersion] != nil || session == nil {
                            do throws(MCPError) {
                                version = try dispatcher.modernVersion(of: request)
                            } catch {
                                writer.write(JSONRPCResponse(id: request.id, outcome: .failure(error)).body)
                                continue
                            }
                        } else {
                            version = session!.protocolVersion
                        }
                        let context = CallContext(
                            caller: caller, endpoint: "stdio", protocolVersion: version, requestID: request.id,
                            logger: logger,
                            notify: { notification in writer.write(notification.body) }
                        )
                        let dispatcher = self.dispatcher
                        let task = Task {
                            let response = await dispatcher.handle(
                                request, context: context, session: version.isModern ? nil : session)
                            if response.error == .requestCancelled { return }
                            writer.write(response.body)
                        }
                        state.mutex.withLock { $0.running[request.id] = task }
                        group.addTask {
                            await task.value
                            _ = state.mutex.withLock { $0.running.removeValue(forKey: request.id) }
                        }
                    }
                }
            }
        }
    }
}

/// The process-wide state of a stdio connection: the legacy session, if one was initialized, and the running requests.
final class StdioState: Sendable {
    let mutex = Mutex((session: LegacySession?.none, running: [JSONRPCID: Task<Void, Never>]()))
}

/// Writes whole lines to a file descriptor, one writer at a time, so concurrent responses never interleave.
final class LineWriter: Sendable {
    private let fileDescriptor: Int32
    private let lock = Mutex(())

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { systemWrite(fileDescriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Musl)
    private let systemWrite = Musl.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif
