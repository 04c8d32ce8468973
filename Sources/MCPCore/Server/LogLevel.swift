/// The severity of a log message sent to the client (MCP utilities/logging; the RFC 5424 §6.2.1 levels), in
/// increasing order.
public enum LogLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case debug, info, notice, warning, error, critical, alert, emergency

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
