import Foundation
public import Logging
public import MCPHTTP

/// Writes one structured event per MCP request (`auth.decision`): endpoint, HTTP and MCP method, outcome, reason
/// code, issuer, subject digest, client id, scopes, status and latency. Never the token, never the raw subject.
///
/// Allowed and anonymous requests log at `info`, refusals at `notice`, so `logging.level: notice` keeps only
/// the refusals.
///
/// Given a ``LogWriter`` (what `gatehouse serve` does), the request only queues its record: the fields, the subject
/// digest and the line are made on the writer's thread. Given a `Logger`, the event goes through swift-log with the
/// fields as metadata, for applications with logging of their own.
public struct AuthDecisionLog: EndpointObserver {
    enum Destination {
        case logger(Logger)
        case writer(LogWriter, minimum: Logger.Level, label: String)
    }

    let destination: Destination

    /// A log writing through `logger` (its level decides what is kept).
    public init(logger: Logger) {
        destination = .logger(logger)
    }

    /// A log queuing its events on `writer`, keeping those at `level` or above, under `label`.
    public init(writer: LogWriter, level: Logger.Level, label: String = "gatehouse") {
        destination = .writer(writer, minimum: level, label: label)
    }

    public func requestCompleted(_ record: RequestRecord) {
        let level: Logger.Level = record.outcome == .allowed || record.outcome == .anonymous ? .info : .notice
        switch destination {
        case .writer(let writer, let minimum, let label):
            guard minimum <= level else { return }
            writer.write(LogEntry(level: level, label: label, decision: record))
        case .logger(let logger):
            guard logger.logLevel <= level else { return }
            var metadata: Logger.Metadata = [:]
            for (key, value) in Self.fields(of: record) { metadata[key] = .string(value) }
            logger.log(level: level, "auth.decision", metadata: metadata)
        }
    }

    /// The event's fields, sorted by name: the record's values, client-chosen ones made printable, the subject
    /// replaced by its digest.
    static func fields(of record: RequestRecord) -> [(String, String)] {
        var fields: [(String, String)] = []
        fields.reserveCapacity(13)
        if let match = record.audienceMatch { fields.append(("audience_match", printable(match))) }
        if let clientID = record.clientID { fields.append(("client_id", printable(clientID))) }
        fields.append(("endpoint", record.endpoint))
        fields.append(("http.method", record.httpMethod))
        fields.append(("http.status", String(record.status)))
        if let issuer = record.issuer { fields.append(("issuer", issuer)) }
        fields.append(("latency_ms", record.milliseconds))
        if let method = record.mcpMethod { fields.append(("mcp.method", printable(method))) }
        fields.append(("outcome", record.outcome.rawValue))
        if let reason = record.reason { fields.append(("reason", reason)) }
        if let issuer = record.issuer {
            fields.append(("scopes", record.scopes.joined(separator: " ")))
            fields.append(("subject_hash", SubjectDigest.of(issuer: issuer, subject: record.subject ?? "")))
        }
        if let traceID = record.traceID { fields.append(("trace_id", traceID)) }
        return fields
    }
}

extension AuthDecisionLog {
    /// A client-chosen value as it may appear in a log line: at most 64 characters of visible ASCII, anything else
    /// as `?`, so a crafted method name cannot forge log lines (newlines) or flood them.
    static func printable(_ value: String) -> String {
        if value.utf8.count <= 64 && value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) { return value }
        return String(
            String.UnicodeScalarView(
                value.unicodeScalars.prefix(64).map { (0x20...0x7E).contains($0.value) ? $0 : "?" }))
    }
}

extension RequestRecord {
    /// The duration in milliseconds with three decimals (`0.412`).
    var milliseconds: String {
        let parts = duration.components
        let microseconds = parts.seconds * 1_000_000 + parts.attoseconds / 1_000_000_000_000
        var digits: [UInt8] = []
        Timestamp.digits(Int(microseconds % 1000), 3, &digits)
        return "\(microseconds / 1000)." + String(decoding: digits, as: UTF8.self)
    }
}
