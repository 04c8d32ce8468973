import Foundation
import GatehouseJSON
import NIOHTTP1
import ProtectedResource

extension Doctor {
    /// An `initialize` request (2025-06-18) as a client sends it first.
    static func initializeBody(version: String = "2025-06-18") -> String {
        JSONWriter.serialize([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": [
                "protocolVersion": .string(version), "capabilities": [:],
                "clientInfo": ["name": "gatehouse-doctor", "version": "1"],
            ],
        ])
    }

    static let mcpHeaders = [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")]

    /// Reachability, and what an unauthenticated client is told (MCP basic/authorization "Authorization Server
    /// Location": a 401 whose `WWW-Authenticate` names the metadata, RFC 9728 §5.1; RFC 6750 §3.1: no `error`
    /// when no token was sent). Returns whether the later steps can run.
    func probe(http: DoctorHTTP, report: inout DoctorReport, discovered: inout Discovered) async -> Bool {
        let answer: DoctorHTTP.Answer
        do {
            answer = try await http.post(options.url, headers: Self.mcpHeaders, body: Self.initializeBody())
        } catch {
            report.add(
                "reachable", .fail, "no answer from \(options.url): \(error)",
                fix: "check that the server runs, the host, port and scheme (http/https), and any proxy in between")
            return false
        }
        report.add("reachable", .pass, "HTTP \(answer.status) in \(String(format: "%.1f", answer.milliseconds)) ms")
        switch answer.status {
        case 401:
            break
        case 200:
            discovered.openWithoutToken = true
            report.add(
                "challenge", .warn,
                "initialize succeeds without a token: the endpoint is open, or authorizes per tool (OpenAI Apps style)",
                fix: "if tools need sign-in, make sure protected tools answer with an mcp/www_authenticate challenge")
            return true
        case 300..<400:
            report.add(
                "challenge", .fail,
                "HTTP \(answer.status) redirect to \(answer.headers.first(name: "Location") ?? "?")",
                fix: "use the final URL: MCP clients do not follow redirects for the endpoint")
            return false
        default:
            report.add(
                "challenge", .fail, "HTTP \(answer.status) to an unauthenticated initialize (expected 401 or 200)",
                fix: "answer a request without a token with 401 and WWW-Authenticate (RFC 6750 §3)")
            return false
        }
        guard let header = answer.headers.first(name: "WWW-Authenticate") else {
            report.add(
                "challenge", .fail, "401 without a WWW-Authenticate header",
                fix: "send WWW-Authenticate: Bearer resource_metadata=\"…\" (RFC 9728 §5.1)")
            return true
        }
        let challenges: [AuthenticationChallenge]
        do {
            challenges = try AuthenticationChallenge.parse(header)
        } catch {
            report.add("challenge", .fail, "WWW-Authenticate does not parse: \(error)", fix: "follow RFC 9110 §11.6.1")
            return true
        }
        guard let bearer = challenges.first(where: { $0.scheme == "bearer" }) else {
            report.add(
                "challenge", .fail, "no Bearer challenge in: \(header.prefix(200))",
                fix: "MCP uses OAuth bearer tokens: challenge with the Bearer scheme")
            return true
        }
        discovered.challenge = bearer
        report.add("challenge", .pass, "401 with \(header.prefix(300))")
        if bearer.parameters["resource_metadata"] == nil {
            report.add(
                "challenge.resource_metadata", .warn, "the challenge does not name the metadata URL",
                fix: "add resource_metadata=\"<metadata URL>\" (RFC 9728 §5.1); clients fall back to well-known URLs")
        }
        if bearer.scopes.isEmpty {
            report.add(
                "challenge.scope", .warn, "the challenge names no scope",
                fix: "add scope=\"…\" so clients ask for the right scopes first (MCP 2025-11-25 scope selection)")
        }
        if let error = bearer.parameters["error"] {
            report.add(
                "challenge.error", .warn, "error=\"\(error)\" on a request that carried no token",
                fix: "omit error when no credentials were sent (RFC 6750 §3.1)")
        }
        return true
    }
}
