import MCPHTTP

/// The auth-decision log and the metrics, as one observer.
struct RequestObservers: EndpointObserver {
    let log: AuthDecisionLog?
    let metrics: GatehouseMetrics?

    var isEmpty: Bool { log == nil && metrics == nil }

    func requestCompleted(_ record: RequestRecord) {
        log?.requestCompleted(record)
        metrics?.requestCompleted(record)
    }
}
