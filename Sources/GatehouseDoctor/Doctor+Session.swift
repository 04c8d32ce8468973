import GatehouseJSON
import NIOHTTP1

extension Doctor {
    /// An MCP conversation as a client holds it: initialize (2025-06-18), `notifications/initialized`,
    /// `tools/list`, one tool call; then whether the sessionless 2026-07-28 revision is served.
    func session(token: String?, http: DoctorHTTP, report: inout DoctorReport) async {
        var headers = Self.mcpHeaders
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let initialized = try? await http.post(options.url, headers: headers, body: Self.initializeBody())
        guard let initialized, initialized.status == 200, let result = initialized.message?["result"] else {
            let challenge = initialized?.headers.first(name: "WWW-Authenticate").map { ", \($0.prefix(300))" } ?? ""
            report.add(
                "mcp.initialize", .fail,
                "initialize \(token == nil ? "without" : "with the") token: HTTP \(initialized.map { String($0.status) } ?? "no answer")\(challenge)",
                fix: "see the token checks above; the server's log names the reason")
            return
        }
        let version = result["protocolVersion"]?.stringValue ?? "?"
        let name = result["serverInfo"]?["name"]?.stringValue ?? "?"
        report.add("mcp.initialize", .pass, "server \(name), protocol \(version)")
        if let session = initialized.headers.first(name: "Mcp-Session-Id") {
            headers.append(("Mcp-Session-Id", session))
        }
        headers.append(("MCP-Protocol-Version", version))
        _ = try? await http.post(
            options.url, headers: headers, body: #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        guard let listed = try? await http.post(options.url, headers: headers, body: Self.request(2, "tools/list")),
            let tools = listed.message?["result"]?["tools"]?.arrayValue
        else {
            report.add("mcp.tools_list", .fail, "tools/list failed", fix: "check the server's log")
            return
        }
        report.add(
            "mcp.tools_list", .pass,
            "\(tools.count) tools: \(tools.prefix(12).compactMap { $0["name"]?.stringValue }.joined(separator: ", "))")
        if token == nil {
            let described = tools.filter { $0["securitySchemes"] != nil || $0["_meta"]?["securitySchemes"] != nil }
            report.add(
                "mcp.security_schemes", described.isEmpty ? .warn : .pass,
                described.isEmpty
                    ? "no tool declares securitySchemes"
                    : "\(described.count) of \(tools.count) tools declare securitySchemes",
                fix: "ChatGPT decides which tools need sign-in from securitySchemes (noauth / oauth2)")
        }
        await callTool(tools, headers: headers, http: http, report: &report)
        await discover(token: token, http: http, report: &report)
    }

    static func request(_ id: Int, _ method: String, params: JSONValue = [:]) -> String {
        JSONWriter.serialize(["jsonrpc": "2.0", "id": .integer(id), "method": .string(method), "params": params])
    }

    /// The tool to call: the one asked for, else the first read-only tool without required arguments (the
    /// doctor never calls a tool that may change anything unless told to).
    static func safeTool(in tools: [JSONValue], named name: String?) -> String? {
        if let name { return name }
        return tools.first { tool in
            tool["annotations"]?["readOnlyHint"]?.boolValue == true
                && (tool["inputSchema"]?["required"]?.arrayValue ?? []).isEmpty
        }?["name"]?.stringValue
    }

    private func callTool(
        _ tools: [JSONValue], headers: [(String, String)], http: DoctorHTTP, report: inout DoctorReport
    ) async {
        guard let tool = Self.safeTool(in: tools, named: options.tool) else {
            report.add(
                "mcp.tools_call", .skip, "no read-only tool without arguments to call safely",
                fix: "name one with --tool NAME")
            return
        }
        let body = Self.request(3, "tools/call", params: ["name": .string(tool), "arguments": [:]])
        guard let answer = try? await http.post(options.url, headers: headers, body: body) else {
            report.add("mcp.tools_call", .fail, "\(tool): no answer")
            return
        }
        if answer.status == 403 {
            report.add(
                "mcp.tools_call", .warn, "\(tool): 403 \(answer.headers.first(name: "WWW-Authenticate") ?? "")",
                fix: "the token lacks the scopes this tool needs; request them (step-up)")
            return
        }
        guard let result = answer.message?["result"] else {
            let error = answer.message?["error"]?["message"]?.stringValue ?? "HTTP \(answer.status)"
            report.add("mcp.tools_call", .fail, "\(tool): \(error)")
            return
        }
        if result["isError"]?.boolValue == true {
            let challenge = result["_meta"]?["mcp/www_authenticate"]?.arrayValue?.first?.stringValue
            report.add(
                "mcp.tools_call", .warn,
                "\(tool) returned an error result\(challenge.map { " with challenge \($0)" } ?? "")",
                fix: challenge == nil ? "see the tool's message" : "sign in or request the scopes the challenge names")
            return
        }
        report.add("mcp.tools_call", .pass, "\(tool) succeeded")
    }

    /// 2026-07-28: `server/discover` without a session, with the required headers.
    private func discover(token: String?, http: DoctorHTTP, report: inout DoctorReport) async {
        var headers = Self.mcpHeaders + [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "server/discover")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let params: JSONValue = [
            "_meta": [
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": [:],
                "io.modelcontextprotocol/clientInfo": ["name": "gatehouse-doctor", "version": "1"],
            ]
        ]
        let answer = try? await http.post(
            options.url, headers: headers, body: Self.request(4, "server/discover", params: params))
        if let answer, answer.status == 200, answer.message?["result"] != nil {
            report.add("mcp.2026_07_28", .pass, "sessionless server/discover works")
        } else {
            report.add(
                "mcp.2026_07_28", .skip,
                "server/discover not served (HTTP \(answer.map { String($0.status) } ?? "none")): the server predates 2026-07-28"
            )
        }
    }
}
