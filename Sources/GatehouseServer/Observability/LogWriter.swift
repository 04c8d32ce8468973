import Foundation
public import Logging
public import MCPHTTP

/// The one place `gatehouse serve` writes log lines: request threads hand it entries (a lock, an append, no
/// formatting, no system call), and one thread of its own formats them into a reusable buffer and writes them in
/// batches — one `write(2)` for everything that arrived during the previous write and a 2 ms pause after it, so a
/// busy server pays one wake-up and one write per batch, not per line.
///
/// The queue is bounded (``Settings/capacity`` entries). When the reader of the log is slower than the server — a
/// pipe to a container runtime that stalls — requests never wait by default: the entries that do not fit are dropped
/// and counted (``dropped``), and once the writer catches up it writes one `warning` line saying how many were lost.
/// ``Settings/WhenFull/wait`` makes requests wait for room instead, for deployments that prefer a slower server to a
/// gap in the audit trail.
public final class LogWriter: @unchecked Sendable {
    /// How the writer behaves.
    public struct Settings: Sendable, Hashable {
        /// What a request does when the queue is full.
        public enum WhenFull: String, Sendable, Hashable, CaseIterable {
            /// Drop the entry and count it (the default: a slow log reader never slows requests).
            case drop
            /// Wait until the writer has made room (nothing is lost; a stalled reader stalls requests).
            case wait
        }

        /// The line format.
        public var format = GatehouseConfiguration.LogFormat.text
        /// At most this many entries wait to be written.
        public var capacity = 10_000
        /// What happens to an entry that does not fit.
        public var whenFull = WhenFull.drop

        /// Creates settings.
        public init(
            format: GatehouseConfiguration.LogFormat = .text, capacity: Int = 10_000, whenFull: WhenFull = .drop
        ) {
            self.format = format
            self.capacity = max(1, capacity)
            self.whenFull = whenFull
        }
    }

    /// Where the formatted bytes go.
    public enum Destination: Sendable {
        /// Standard error (file descriptor 2).
        case standardError
        /// A function given each batch of complete lines; it returns `false` when the batch could not be written.
        case custom(@Sendable ([UInt8]) -> Bool)
    }

    /// The settings in force.
    public let settings: Settings
    private let destination: Destination
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var queue: [LogEntry] = []
    private var writing = false
    private var writerWaiting = false
    private var droppedTotal = 0
    private var droppedUnreported = 0

    /// Starts the writer's thread; it runs for the life of the process.
    public init(settings: Settings = Settings(), destination: Destination = .standardError) {
        self.settings = settings
        self.destination = destination
        queue.reserveCapacity(min(settings.capacity, 1024))
        let thread = Thread { [self] in run() }
        thread.name = "gatehouse-log-writer"
        thread.start()
    }

    /// Entries dropped because the queue was full or the destination refused them, since start.
    public var dropped: Int {
        condition.lock()
        defer { condition.unlock() }
        return droppedTotal
    }

    /// Entries waiting (not yet taken by the writer's thread).
    var queuedForTesting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Queues `entry`; formatting and writing happen on the writer's thread.
    public func write(_ entry: LogEntry) {
        condition.lock()
        while queue.count >= settings.capacity {
            guard settings.whenFull == .wait else {
                droppedTotal += 1
                droppedUnreported += 1
                condition.unlock()
                return
            }
            condition.wait()
        }
        queue.append(entry)
        if writerWaiting {
            writerWaiting = false
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Returns once everything queued before the call has been written (at shutdown, before a fatal message), or
    /// after `timeout` — a log reader that has stalled must not keep the process from exiting.
    /// - Returns: whether everything was written.
    @discardableResult
    public func flush(timeout: Duration = .seconds(2)) -> Bool {
        let parts = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || writing {
            guard condition.wait(until: deadline) else { return false }
        }
        return true
    }

    private func run() {
        var batch: [LogEntry] = []
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * 1024)
        while true {
            condition.lock()
            while queue.isEmpty {
                writerWaiting = true
                condition.wait()
            }
            writerWaiting = false
            swap(&batch, &queue)
            let lost = droppedUnreported
            droppedUnreported = 0
            writing = true
            condition.broadcast()
            condition.unlock()

            for entry in batch { settings.format.append(entry, to: &bytes) }
            if lost > 0 { settings.format.append(Self.droppedNotice(lost), to: &bytes) }
            let written = deliver(bytes)
            bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
            let count = batch.count
            batch.removeAll(keepingCapacity: true)

            condition.lock()
            if !written {
                droppedTotal += count
                droppedUnreported += count
            }
            writing = false
            condition.broadcast()
            condition.unlock()
            // What arrives in the next moments goes out in the next batch: under load one wake-up and one write
            // per interval instead of one per line, and the requests queuing meanwhile wake nobody.
            usleep(Self.batchInterval)
        }
    }

    /// The writer's pause between batches, in microseconds: the most a line waits beyond its write.
    static let batchInterval: UInt32 = 2_000

    private func deliver(_ bytes: [UInt8]) -> Bool {
        switch destination {
        case .custom(let write): return write(bytes)
        case .standardError: return bytes.withUnsafeBytes { Self.writeAll($0, to: STDERR_FILENO) }
        }
    }

    /// Writes every byte, retrying short writes and interruptions, and waiting (`poll`) when the descriptor is
    /// non-blocking and full. `false` when it is closed or broken (the batch is counted as dropped; no signal
    /// kills the process: `gatehouse serve` ignores `SIGPIPE`).
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let result = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if result > 0 {
                offset += result
            } else if result < 0 && errno == EINTR {
                continue
            } else if result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 1000)
            } else {
                return false
            }
        }
        return true
    }

    static func droppedNotice(_ count: Int) -> LogEntry {
        LogEntry(
            level: .warning, label: "gatehouse",
            message: "log lines dropped: the log's reader is slower than the server (logging.queue_lines, "
                + "logging.when_full)",
            metadata: ["dropped": .stringConvertible(count)], source: "GatehouseServer")
    }
}

/// One record waiting to be written: a swift-log event, or an auth decision (formatted on the writer's thread, so
/// the request pays neither for its metadata dictionary nor for the subject digest).
public struct LogEntry: Sendable {
    /// What the entry holds.
    public enum Body: Sendable {
        /// A message with its metadata.
        case message(String, Logger.Metadata)
        /// One request's auth decision.
        case decision(RequestRecord)
    }

    /// When it happened (wall clock).
    var time: timespec
    /// Its level.
    public var level: Logger.Level
    /// The logger's label.
    public var label: String
    /// Where it came from (swift-log's `source`, the module).
    public var source: String
    /// The content.
    public var body: Body

    /// A message entry stamped now.
    public init(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String
    ) {
        self.time = LogEntry.now()
        self.level = level
        self.label = label
        self.source = source
        self.body = .message(message, metadata)
    }

    /// A decision entry stamped now.
    public init(level: Logger.Level, label: String, decision: RequestRecord) {
        self.time = LogEntry.now()
        self.level = level
        self.label = label
        self.source = "GatehouseServer"
        self.body = .decision(decision)
    }

    static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }
}
