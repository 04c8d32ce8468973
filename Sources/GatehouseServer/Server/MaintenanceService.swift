import ServiceLifecycle

/// Every five seconds: sweeps idle sessions and samples the metrics. On graceful shutdown it closes the open SSE
/// streams at once, so that the HTTP server's drain of in-flight requests is not held up by streams that never
/// end, and stops.
struct MaintenanceService: Service {
    let runtime: ServerRuntime

    func run() async throws {
        await withGracefulShutdownHandler {
            try? await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    runtime.maintain()
                    try await Task.sleep(for: .seconds(5))
                }
            }
        } onGracefulShutdown: {
            runtime.closeStreams()
        }
    }
}
