/// A configuration that cannot work, said so that the operator can fix it: which key, what value, and what to do.
///
/// The value is omitted for secrets (``Secret``), and never longer than 80 characters.
public struct ConfigurationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key path (`server.port`, `issuers[0].jwks_uri`) or environment variable.
    public let key: String
    /// The offending value, if it can be shown.
    public let value: String?
    /// What is wrong and how to fix it.
    public let fix: String

    /// Creates a problem.
    public init(key: String, value: String? = nil, fix: String) {
        self.key = key
        self.value = value.map { $0.count > 80 ? String($0.prefix(77)) + "..." : $0 }
        self.fix = fix
    }

    public var description: String {
        if let value { return "\(key): \"\(value)\" — \(fix)" }
        return "\(key): \(fix)"
    }
}
