public import GatehouseJSON

/// One finding of `gatehouse doctor`.
public struct DoctorCheck: Sendable, Hashable {
    /// How the check came out.
    public enum Status: String, Sendable, Hashable {
        /// As the specifications require.
        case pass
        /// Works, but some clients or deployments will struggle.
        case warn
        /// Clients will fail here.
        case fail
        /// Not run (needs a token, or an earlier step failed).
        case skip

        var symbol: String {
            switch self {
            case .pass: "✓"
            case .warn: "!"
            case .fail: "✗"
            case .skip: "-"
            }
        }
    }

    /// A stable identifier (`challenge.resource_metadata`).
    public let id: String
    /// The outcome.
    public let status: Status
    /// What was found.
    public let detail: String
    /// How to fix it (for warnings and failures).
    public let fix: String?

    /// Creates a finding.
    public init(_ id: String, _ status: Status, _ detail: String, fix: String? = nil) {
        self.id = id
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}

/// Everything `gatehouse doctor` found about one MCP server URL.
public struct DoctorReport: Sendable {
    /// The MCP endpoint examined.
    public let url: String
    /// The findings, in the order they were made.
    public var checks: [DoctorCheck] = []

    /// Creates an empty report.
    public init(url: String) {
        self.url = url
    }

    /// Whether nothing failed.
    public var succeeded: Bool { !checks.contains { $0.status == .fail } }

    /// The first finding with `id`.
    public func check(_ id: String) -> DoctorCheck? { checks.first { $0.id == id } }

    mutating func add(_ id: String, _ status: DoctorCheck.Status, _ detail: String, fix: String? = nil) {
        checks.append(DoctorCheck(id, status, detail, fix: fix))
    }

    /// The readable report: one line per check, the fix under each warning and failure, a summary.
    public var text: String {
        var lines = ["gatehouse doctor \(url)"]
        for check in checks {
            lines.append("  \(check.status.symbol) \(check.id): \(check.detail)")
            if let fix = check.fix, check.status == .fail || check.status == .warn { lines.append("      fix: \(fix)") }
        }
        let count = { (status: DoctorCheck.Status) in self.checks.filter { $0.status == status }.count }
        lines.append(
            "\(count(.pass)) passed, \(count(.warn)) warnings, \(count(.fail)) failed, \(count(.skip)) skipped")
        return lines.joined(separator: "\n")
    }

    /// The report as JSON (`--json`).
    public var json: JSONValue {
        [
            "url": .string(url),
            "succeeded": .bool(succeeded),
            "checks": .array(
                checks.map { check in
                    var object: [String: JSONValue] = [
                        "id": .string(check.id), "status": .string(check.status.rawValue),
                        "detail": .string(check.detail),
                    ]
                    if let fix = check.fix { object["fix"] = .string(fix) }
                    return .object(object)
                }),
        ]
    }
}
