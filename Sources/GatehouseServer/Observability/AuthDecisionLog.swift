import Foundation
public import Logging
public import MCPHTTP

/// Writes one structured event per MCP request (`auth.decision`): endpoint, HTTP and MCP method, outcome, reason
/// code, issuer, subject digest, client id, scopes, status and latency. Never the token, never the raw subject.
///
/// Allowed and anonymous requests log at `info`, refusals at `notice`, so `logging.level: notice` keeps only
/// the refusals.
public struct AuthDecisionLog: EndpointObserver {
    let logger: Logger

    /// Creates the log.
    public init(logger: Logger) {
        self.logger = logger
    }

    public func requestCompleted(_ record: RequestRecord) {
        let level: Logger.Level = record.outcome == .allowed || record.outcome == .anonymous ? .info : .notice
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "endpoint": .string(record.endpoint),
            "http.method": .string(record.httpMethod),
            "http.status": .stringConvertible(record.status),
            "outcome": .string(record.outcome.rawValue),
            "latency_ms": .string(String(format: "%.3f", record.milliseconds)),
        ]
        if let method = record.mcpMethod { metadata["mcp.method"] = .string(Self.printable(method)) }
        if let reason = record.reason { metadata["reason"] = .string(reason) }
        if let issuer = record.issuer {
            metadata["issuer"] = .string(issuer)
            metadata["subject_hash"] = .string(SubjectDigest.of(issuer: issuer, subject: record.subject ?? ""))
            metadata["scopes"] = .string(record.scopes.joined(separator: " "))
        }
        if let clientID = record.clientID { metadata["client_id"] = .string(Self.printable(clientID)) }
        if let traceID = record.traceID { metadata["trace_id"] = .string(traceID) }
        logger.log(level: level, "auth.decision", metadata: metadata)
    }
}

extension AuthDecisionLog {
    /// A client-chosen value as it may appear in a log line: at most 64 characters of visible ASCII, anything else
    /// as `?`, so a crafted method name cannot forge log lines (newlines) or flood them.
    static func printable(_ value: String) -> String {
        String(
            String.UnicodeScalarView(
                value.unicodeScalars.prefix(64).map { (0x20...0x7E).contains($0.value) ? $0 : "?" }))
    }
}

extension RequestRecord {
    /// The duration in milliseconds.
    var milliseconds: Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
