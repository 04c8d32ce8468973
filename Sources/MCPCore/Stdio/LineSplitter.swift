/// Splits a byte stream into newline-delimited lines (the stdio transport's framing: one JSON-RPC message per
/// line, basic/transports "stdio"), bounded: a line longer than `maximumLineBytes` is reported as ``Line/tooLong``
/// and skipped up to its newline, so one hostile message cannot exhaust memory. A trailing CR is dropped; empty
/// lines are skipped.
public struct LineSplitter: Sendable {
    /// One framed line.
    public enum Line: Sendable, Equatable {
        /// A complete line, without its line end.
        case line([UInt8])
        /// A line longer than the limit (its bytes were dropped).
        case tooLong
    }

    private let maximumLineBytes: Int
    private var line: [UInt8] = []
    private var discarding = false

    /// Creates a splitter for lines of at most `maximumLineBytes`.
    public init(maximumLineBytes: Int) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Feeds bytes, calling `emit` for each line they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: (Line) -> Void) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if discarding {
                    discarding = false
                } else {
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    if !line.isEmpty { emit(.line(line)) }
                }
                line.removeAll(keepingCapacity: true)
            } else if !discarding {
                line.append(byte)
                if line.count > maximumLineBytes {
                    emit(.tooLong)
                    line.removeAll()
                    discarding = true
                }
            }
        }
    }

    /// The last line when the stream ends without a newline.
    public mutating func finish() -> Line? {
        defer { line.removeAll() }
        return line.isEmpty || discarding ? nil : .line(line)
    }
}
