/// Receives one ``RequestRecord`` per request an MCP endpoint answered: the hook for auth-decision logs, metrics
/// and audits. Set it as ``StreamableHTTPConfiguration/observer``.
///
/// Called on the request's task after the response head is ready; keep it cheap and non-blocking.
public protocol EndpointObserver: Sendable {
    /// One request is answered.
    func requestCompleted(_ record: RequestRecord)
}
