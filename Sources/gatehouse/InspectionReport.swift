import Foundation
import TokenVerification

/// Renders a ``TokenInspection`` for people or for machines.
enum InspectionReport {
    static func text(_ inspection: TokenInspection) -> String {
        var lines: [String] = []
        if let header = inspection.header {
            lines.append("header: " + JSONWriter.serialize(.object(header)))
        }
        if let claims = inspection.claims {
            lines.append("claims: " + JSONWriter.prettyPrinted(.object(claims)))
        }
        lines.append("")
        for check in inspection.checks {
            let mark = check.passed.map { $0 ? "✓" : "✗" } ?? "–"
            lines.append("\(mark) \(check.name.padding(toLength: 13, withPad: " ", startingAt: 0)) \(check.detail)")
        }
        lines.append("")
        if let verdict = inspection.verdict {
            lines.append(
                "REJECTED (HTTP \(inspection.httpStatus), \(verdict.bearerError?.rawValue ?? "no error code")): \(verdict.reason)"
            )
        } else {
            lines.append("ACCEPTED")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ inspection: TokenInspection) -> String {
        let checks: [JSONValue] = inspection.checks.map { check in
            [
                "check": .string(check.name),
                "passed": check.passed.map(JSONValue.bool) ?? .null,
                "detail": .string(check.detail),
            ]
        }
        var report: [String: JSONValue] = [
            "accepted": .bool(inspection.verdict == nil),
            "status": .number(String(inspection.httpStatus)),
            "checks": .array(checks),
        ]
        if let verdict = inspection.verdict {
            report["error"] = .string(verdict.bearerError?.rawValue ?? "")
            report["code"] = .string(verdict.code.name)
            report["reason"] = .string(verdict.reason)
        }
        if let header = inspection.header { report["header"] = .object(header) }
        if let claims = inspection.claims { report["claims"] = .object(claims) }
        return JSONWriter.prettyPrinted(.object(report))
    }
}
