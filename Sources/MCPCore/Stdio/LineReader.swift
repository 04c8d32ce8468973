#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads newline-delimited lines from a file descriptor on a dedicated thread, as an async sequence.
///
/// A line longer than `maximumLineBytes` is delivered as `.tooLong` (and skipped up to its newline) so one
/// hostile message cannot exhaust memory.
enum LineReader {
    typealias Line = LineSplitter.Line

    static func lines(fileDescriptor: Int32, maximumLineBytes: Int) -> AsyncStream<Line> {
        AsyncStream { continuation in
            let thread = ReaderThread(
                fileDescriptor: fileDescriptor, maximumLineBytes: maximumLineBytes, continuation: continuation)
            thread.start()
        }
    }

    private final class ReaderThread: @unchecked Sendable {
        let fileDescriptor: Int32
        let maximumLineBytes: Int
        let continuation: AsyncStream<Line>.Continuation

        init(fileDescriptor: Int32, maximumLineBytes: Int, continuation: AsyncStream<Line>.Continuation) {
            self.fileDescriptor = fileDescriptor
            self.maximumLineBytes = maximumLineBytes
            self.continuation = continuation
        }

        func start() {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Darwin)
                pthread_create(
                    &thread, nil,
                    { pointer in
                        Unmanaged<ReaderThread>.fromOpaque(pointer).takeRetainedValue().loop()
                        return nil
                    }, box)
            #else
                pthread_create(
                    &thread, nil,
                    { pointer in
                        Unmanaged<ReaderThread>.fromOpaque(pointer!).takeRetainedValue().loop()
                        return nil
                    }, box)
            #endif
            pthread_detach(thread)
        }

        func loop() {
            var buffer = [UInt8](repeating: 0, count: 65536)
            var splitter = LineSplitter(maximumLineBytes: maximumLineBytes)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                splitter.feed(buffer[0..<count]) { continuation.yield($0) }
            }
            if let last = splitter.finish() { continuation.yield(last) }
            continuation.finish()
        }
    }
}
