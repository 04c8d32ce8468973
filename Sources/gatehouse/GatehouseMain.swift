import ArgumentParser
import NIOCore
import NIOPosix

/// The process's entry point: installs the event loops as Swift concurrency's executor, then runs ``Gatehouse``.
///
/// Swift concurrency's jobs then run on the event loops that do the I/O instead of on a second pool of threads
/// beside them, so a request no longer hops from its connection's event loop to a concurrency thread and back (a
/// wake-up and a context switch each way: the largest cost left in a request through `gatehouse serve`;
/// docs/benchmarks.md). It is installed first, before any job is enqueued. Nothing on the request path may block a
/// thread: files are read at start-up, and the log writer has a thread of its own (docs/architecture.md).
@main
enum GatehouseMain {
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Gatehouse.main()
    }
}
