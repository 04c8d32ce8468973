import Synchronization
import TokenVerification

/// Collects a ``RequestRecord`` while one request travels through the endpoint (a batch may authorize several
/// operations; the first denial is kept).
final class RequestRecorder: Sendable {
    private let record: Mutex<RequestRecord>
    /// The `Mcp-Method` header's method: the label only while the body's method is unknown.
    private let headerMethod = Mutex<String?>(nil)

    init(endpoint: String, httpMethod: String) {
        record = Mutex(RequestRecord(endpoint: endpoint, httpMethod: httpMethod))
    }

    /// The method the `Mcp-Method` header names, for a request refused before its body is read.
    func headerMethod(_ method: String) {
        headerMethod.withLock { $0 = method }
    }

    /// The request's W3C trace id.
    func trace(_ traceID: String) {
        record.withLock { $0.traceID = traceID }
    }

    /// The JSON-RPC method read from the body (the first message of a batch), or `nil` when the body names none; from
    /// now on the header's method labels nothing.
    func bodyMethod(_ method: String?) {
        headerMethod.withLock { $0 = nil }
        record.withLock { if $0.mcpMethod == nil { $0.mcpMethod = method } }
    }

    /// The verified token's identity, and how its audience matched when not canonically.
    func identified(_ verification: AccessTokenVerifier.Verification) {
        let token = verification.token
        let match: String? =
            switch verification.audienceMatch {
            case .canonical: nil
            case .trailingSlash: "trailing_slash"
            case .additionalAudience(let audience): "additional_audience " + audience
            }
        record.withLock {
            $0.issuer = token.issuer
            $0.subject = token.subject
            $0.clientID = token.clientID
            $0.scopes = token.scopes
            $0.audienceMatch = match
        }
    }

    /// Authorization refused the request for `reason`.
    func denied(_ reason: String) {
        record.withLock { if $0.reason == nil { $0.reason = reason } }
    }

    /// The finished record.
    func finish(status: Int, duration: Duration) -> RequestRecord {
        let fromHeader = headerMethod.withLock { $0 }
        return record.withLock { record in
            if record.mcpMethod == nil { record.mcpMethod = fromHeader }
            record.status = status
            record.duration = duration
            if record.reason != nil {
                record.outcome = .denied
            } else if status >= 400 {
                record.outcome = .rejected
            } else {
                record.outcome = record.issuer == nil ? .anonymous : .allowed
            }
            return record
        }
    }
}
