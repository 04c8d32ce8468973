import Foundation
import GatehouseJSON
import HTTPTypes
import Logging
import MCPCore

@testable import MCPGateway
import Synchronization
import Testing

extension HTTPField.Name {
    static let mcpSessionID = HTTPField.Name("Mcp-Session-Id")!
}

@Suite("Gateway over Streamable HTTP to a real upstream socket")
struct GatewayHTTPTests {
    typealias U = UpstreamFixture

    @Test("Lists are fetched, prefixed and filtered by the rules; calls reach the upstream in the agreed revision")
    func listsAndCalls() async throws {
        try await U.withUpstream { base in
            let gateway = await U.gateway(
                url: base + "/mcp", prefix: "up_",
                tools: AccessRules([
                    AccessRule("admin_*", .scopes(["admin"])), AccessRule("echo", .noauth),
                    AccessRule("count", .scopes([])),
                    AccessRule("slow", .scopes([])),
                ]))
            let snapshot = gateway.snapshot
            let names = snapshot.toolDescriptors(for: .v2026_07_28, includeSecuritySchemes: false).compactMap {
                $0["name"]?.stringValue
            }
            #expect(names == ["up_echo", "up_count", "up_admin_reset", "up_slow"])
            #expect(
                snapshot.requirement(for: .init(tool: "up_admin_reset")) == AuthorizationRequirement(scopes: ["admin"]))
            #expect(
                snapshot.requirement(for: .init(tool: "up_echo")) == AuthorizationRequirement(allowsAnonymous: true))
            #expect(snapshot.allScopes.contains("admin") && snapshot.allScopes.contains("notes.read"))
            #expect(gateway.upstreams[0].catalog?.server.version == .v2026_07_28)

            let result = try await snapshot.callTool(named: "up_echo", arguments: ["text": "hi"], context: U.context())
            #expect(result.content.first?.json(for: .v2026_07_28)["text"] == "hi (2026-07-28)")
            // A 2025-03-26 caller is served by the same upstream call; the descriptor loses what 2025-03-26 lacks.
            let old = snapshot.toolDescriptors(for: .v2025_03_26, includeSecuritySchemes: true)
            #expect(old.first?["title"] == nil && old.first?["annotations"]?["title"] == "Echo")
            #expect(old.first?["securitySchemes"] == [["type": "noauth"], ["type": "oauth2", "scopes": []]])
        }
    }

    @Test("A name no rule allows is neither listed nor forwarded (-32602), and neither is an unprefixed name")
    func deniedNamesAreNotForwarded() async throws {
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder) { base in
            let gateway = await U.gateway(
                url: base + "/mcp", prefix: "up_", tools: AccessRules([AccessRule("echo", .scopes([]))]))
            let before = recorder.all.count
            let snapshot = gateway.snapshot
            for name in ["up_unlisted_by_rules", "unlisted_by_rules", "echo", "UP_ECHO", "up_echo "] {
                await #expect(throws: MCPError.self) {
                    _ = try await snapshot.callTool(named: name, arguments: [:], context: U.context())
                }
                #expect(snapshot.requirement(for: .init(tool: name)) == AuthorizationRequirement())
            }
            #expect(recorder.all.count == before, "a denied or unknown name reached the upstream")
            // Resources: only those a rule names (notes://*), never secret://keys, listed or not.
            #expect(snapshot.resourceDescriptors.compactMap { $0["uri"]?.stringValue } == ["notes://all"])
            await #expect(throws: MCPError.self) {
                _ = try await snapshot.readResource("secret://keys", context: U.context())
            }
            #expect(recorder.all.count == before)
            let notes = try await snapshot.readResource("notes://all", context: U.context())
            #expect(notes.first?.text == "all notes")
            #expect(
                snapshot.requirement(for: .init(resource: "notes://all"))
                    == AuthorizationRequirement(scopes: ["notes.read"]))
        }
    }

    @Test("No token passthrough: the upstream sees only the gateway's own headers; identity only when configured")
    func noTokenPassthrough() async throws {
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder) { base in
            let plain = await U.gateway(url: base + "/mcp")
            _ = try await plain.snapshot.callTool(named: "echo", arguments: ["text": "x"], context: U.context())
            let forwarding = await U.gateway(url: base + "/mcp") { $0.forwardsIdentity = true }
            _ = try await forwarding.snapshot.callTool(
                named: "echo", arguments: ["text": "y"], context: U.context(subject: "bob"))
            let requests = recorder.all
            #expect(!requests.isEmpty)
            for fields in requests {
                #expect(fields[.authorization] == nil, "a request carried Authorization")
                #expect(!fields.contains { $0.value.contains("Bearer") })
            }
            let identities = requests.compactMap { $0[HTTPField.Name("Gatehouse-Caller-Subject")!] }
            #expect(identities == ["bob"], "identity headers only on the forwarding upstream's call")
            let issuers = requests.compactMap { $0[HTTPField.Name("Gatehouse-Caller-Issuer")!] }
            #expect(issuers == ["https://issuer.test"])
        }
    }

    @Test("A static credential header is sent with every request, and only to its upstream")
    func staticCredential() async throws {
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder) { base in
            let gateway = await U.gateway(url: base + "/mcp") {
                $0.credentials = StaticHeaderCredentials(name: "X-Upstream-Key", value: "k-123")
            }
            _ = try await gateway.snapshot.callTool(named: "echo", arguments: ["text": "x"], context: U.context())
            #expect(recorder.all.allSatisfy { $0[HTTPField.Name("X-Upstream-Key")!] == "k-123" })
            #expect(
                "\(StaticHeaderCredentials(name: "X-Upstream-Key", value: "k-123"))" == "X-Upstream-Key: <redacted>")
        }
    }

    @Test("Progress and log messages of the upstream reach the caller under the caller's own progress token")
    func progressRelayed() async throws {
        try await U.withUpstream { base in
            let gateway = await U.gateway(url: base + "/mcp")
            let seen = Mutex<[JSONRPCNotification]>([])
            let context = U.context(progressToken: "caller-token") { note in seen.withLock { $0.append(note) } }
            let result = try await gateway.snapshot.callTool(named: "count", arguments: ["to": 3], context: context)
            #expect(result.content.first?.json(for: .v2026_07_28)["text"] == "counted 3")
            let notes = seen.withLock { $0 }
            let progress = notes.filter { $0.method == "notifications/progress" }
            #expect(progress.count == 3)
            #expect(progress.allSatisfy { $0.params["progressToken"] == "caller-token" })
            #expect(notes.filter { $0.method == "notifications/message" }.count == 3)
            // A flood is cut at the upstream's limit: 20 notifications sent, 4 relayed, the call still answered.
            let bounded = await U.gateway(url: base + "/mcp") { $0.maximumRelayedNotifications = 4 }
            let few = Mutex(0)
            let counted = U.context(progressToken: "t") { _ in few.withLock { $0 += 1 } }
            let answer = try await bounded.snapshot.callTool(named: "count", arguments: ["to": 10], context: counted)
            #expect(answer.content.first?.json(for: .v2026_07_28)["text"] == "counted 10")
            #expect(few.withLock { $0 } == 4)
        }
    }

    @Test("A legacy-only upstream: initialize once per principal, each principal in its own session")
    func legacyUpstreamSessionsPerPrincipal() async throws {
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder) { base in
            let gateway = await U.gateway(url: base + "/legacy")
            let upstream = gateway.upstreams[0]
            #expect(upstream.catalog?.server.version == .v2025_11_25)
            for subject in ["alice", "bob", "alice"] {
                let result = try await gateway.snapshot.callTool(
                    named: "echo", arguments: ["text": .string(subject)], context: U.context(subject: subject))
                #expect(result.content.first?.json(for: .v2025_11_25)["text"]?.stringValue == "\(subject) (2025-11-25)")
            }
            #expect(upstream.sessionCount == 2)
            let sessions = Set(recorder.all.compactMap { $0[HTTPField.Name("Mcp-Session-Id")!] })
            #expect(sessions.count == 3, "the discovery session and one per principal")
        }
    }

    @Test("An upstream that is down, answers garbage, HTML, too much or nothing: -32603 naming it and the cause")
    func failuresAreExplicit() async throws {
        try await U.withUpstream { base in
            let cases: [(path: String, cause: String)] = [
                ("/garbage", "invalid_response"), ("/html", "invalid_response"), ("/huge", "response_too_large"),
                ("/silent", "timeout"), ("/stalls", "timeout"),
            ]
            for (path, cause) in cases {
                let gateway = await U.gateway(url: base + path, name: "bad") {
                    $0.timeout = .milliseconds(500)
                    $0.maximumResponseBytes = 1 << 20
                }
                let health = gateway.upstreams[0].health
                guard case .unhealthy(let seen, _) = health else {
                    Issue.record("\(path): health \(health)")
                    continue
                }
                #expect(seen == cause, "\(path)")
            }
        }
        let down = await U.gateway(url: "http://127.0.0.1:1/mcp", name: "down")
        guard case .unhealthy(let cause, _) = down.upstreams[0].health else {
            Issue.record("a closed port is healthy")
            return
        }
        #expect(cause == "unreachable")
        // The error a caller gets when the upstream has gone away after its lists were fetched.
        try await U.withUpstream { base in
            let gateway = await U.gateway(url: base + "/mcp", name: "flaky") { $0.timeout = .milliseconds(500) }
            let snapshot = gateway.snapshot
            await #expect {
                _ = try await snapshot.callTool(named: "slow", arguments: [:], context: U.context())
            } throws: { error in
                guard let error = error as? MCPError else { return false }
                return error.code == -32603 && error.message.contains("Upstream \"flaky\"")
                    && error.data?["upstream"] == "flaky" && error.data?["cause"] == "timeout"
            }
        }
    }
}

@Suite("Gateway: combining upstreams, refreshing, cancelling, bounding sessions")
struct GatewayBehaviourTests {
    typealias U = UpstreamFixture

    @Test("Two upstreams serving the same name: the one listed first wins")
    func firstUpstreamWins() async throws {
        try await U.withUpstream { base in
            let upstreams = ["/mcp", "/legacy"].enumerated().map { index, path in
                UpstreamConfiguration(
                    name: "u\(index)", transport: .http(URL(string: base + path)!), tools: .everyoneWithAToken)
            }
            let gateway = GatewayBackend(upstreams: upstreams, logger: Logger(label: "test"))
            await gateway.refresh()
            let names = gateway.snapshot.toolDescriptors(for: .v2026_07_28, includeSecuritySchemes: false)
                .compactMap { $0["name"]?.stringValue }
            #expect(names.filter { $0 == "echo" }.count == 1)
            let result = try await gateway.snapshot.callTool(
                named: "echo", arguments: ["text": "x"], context: U.context())
            #expect(
                result.content.first?.json(for: .v2026_07_28)["text"] == "x (2026-07-28)", "the first (modern) upstream"
            )
        }
    }

    @Test("An endpoint's view serves only the upstreams it names, and is republished with the gateway")
    func viewsServeTheirUpstreams() async throws {
        try await U.withUpstream { base in
            let upstreams = [("github", "/mcp"), ("jira", "/legacy")].map { name, path in
                UpstreamConfiguration(
                    name: name, transport: .http(URL(string: base + path)!), prefix: name + "_",
                    tools: .everyoneWithAToken)
            }
            let gateway = GatewayBackend(upstreams: upstreams, logger: Logger(label: "test"))
            #expect(gateway.view(serving: ["github", "confluence"]) == nil, "an unknown name makes no view")
            let view = try #require(gateway.view(serving: ["jira"]))
            let changes = Mutex(0)
            view.observe { _ in changes.withLock { $0 += 1 } }
            await gateway.refresh()
            #expect(changes.withLock { $0 } > 0, "the view is republished when the gateway publishes")
            let names = view.snapshot.toolDescriptors(for: .v2026_07_28, includeSecuritySchemes: false)
                .compactMap { $0["name"]?.stringValue }
            #expect(names.contains("jira_echo") && !names.contains { $0.hasPrefix("github_") })
            let all = gateway.snapshot.toolDescriptors(for: .v2026_07_28, includeSecuritySchemes: false)
            #expect(all.contains { $0["name"] == "github_echo" } && all.contains { $0["name"] == "jira_echo" })
            await #expect {
                _ = try await view.snapshot.callTool(
                    named: "github_echo", arguments: ["text": "x"], context: U.context())
            } throws: { ($0 as? MCPError)?.code == -32602 }
            let result = try await view.snapshot.callTool(
                named: "jira_echo", arguments: ["text": "x"], context: U.context())
            #expect(result.content.first?.json(for: .v2026_07_28)["text"] == "x (2025-11-25)")
            #expect(view.upstreams.map(\.name) == ["jira"] && view.upstreams[0] === gateway.upstreams[1])
        }
    }

    /// Adds `added_later` to the upstream's `backend` and waits (up to 5 s) for `gateway` to serve it.
    static func servesToolAddedLater(_ backend: ToolBackend, _ gateway: GatewayBackend, _ version: ProtocolVersion)
        async throws -> Bool
    {
        backend.add(Tool(name: "added_later", description: "New") { _, _ in .text("new") })
        for _ in 0..<50 {
            if gateway.snapshot.toolDescriptors(for: version, includeSecuritySchemes: false)
                .contains(where: { $0["name"] == "added_later" })
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("Lists are fetched again every refresh interval, and observers are told")
    func periodicRefresh() async throws {
        let backend = U.backend()
        try await U.withUpstream(backend: backend) { base in
            let gateway = await U.gateway(url: base + "/mcp") { $0.refreshInterval = .milliseconds(200) }
            let changes = Mutex(0)
            gateway.observe { _ in changes.withLock { $0 += 1 } }
            #expect(gateway.snapshot.requirement(for: .init(tool: "added_later")) == AuthorizationRequirement())
            let runner = Task { await gateway.run() }
            let served = try await Self.servesToolAddedLater(backend, gateway, .v2026_07_28)
            runner.cancel()
            await runner.value
            #expect(served)
            #expect(changes.withLock { $0 } > 0)
        }
    }

    @Test("A legacy HTTP upstream's list change on its session's GET stream is picked up at once, not on the timer")
    func legacyGetStreamChanges() async throws {
        let backend = U.backend()
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder, backend: backend) { base in
            let gateway = await U.gateway(url: base + "/legacy") { $0.refreshInterval = .seconds(3600) }
            let runner = Task { await gateway.run() }
            var listening = false
            for _ in 0..<50 where !listening {
                try await Task.sleep(for: .milliseconds(50))
                listening = recorder.all.contains { $0[.accept] == "text/event-stream" && $0[.mcpSessionID] != nil }
            }
            #expect(listening, "no GET stream was opened")
            let served = try await Self.servesToolAddedLater(backend, gateway, .v2025_11_25)
            runner.cancel()
            await runner.value
            // Shutting down ended the session (and with it the upstream's GET stream), though the task was cancelled.
            #expect(recorder.all.last?[.contentType] == nil && recorder.all.last?[.mcpSessionID] != nil)
            #expect(served)
        }
    }

    @Test("A request that times out is cancelled upstream (notifications/cancelled)")
    func timeoutCancelsUpstream() async throws {
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder) { base in
            let gateway = await U.gateway(url: base + "/mcp") { $0.timeout = .milliseconds(300) }
            await #expect(throws: MCPError.self) {
                _ = try await gateway.snapshot.callTool(named: "slow", arguments: [:], context: U.context())
            }
            var cancelled = false
            for _ in 0..<30 where !cancelled {
                try await Task.sleep(for: .milliseconds(50))
                cancelled = recorder.all.contains { $0[HTTPField.Name("Mcp-Method")!] == "notifications/cancelled" }
            }
            #expect(cancelled)
        }
    }

    @Test("Through a template, a URI must satisfy the template's rule too; later upstreams cannot take a URI over")
    func templateRulesHold() async throws {
        try await U.withUpstream { base in
            let gateway = await U.gateway(url: base + "/mcp") {
                $0.resources = AccessRules([
                    AccessRule("files://{name}", .scopes(["files.read"])), AccessRule("files://public*", .noauth),
                    AccessRule("*", .scopes([])),
                ])
            }
            let snapshot = gateway.snapshot
            #expect(snapshot.resourceTemplateDescriptors.count == 1)
            // The looser "*" rule matches the concrete URI, but the template's rule still applies.
            #expect(
                snapshot.requirement(for: .init(resource: "files://secret"))
                    == AuthorizationRequirement(scopes: ["files.read"]))
            #expect(
                snapshot.requirement(for: .init(resource: "files://public-a"))
                    == AuthorizationRequirement(scopes: ["files.read"]))
            let read = try await snapshot.readResource("files://secret", context: U.context())
            #expect(read.first?.text == "file files://secret")
            // A URI too long to route is not found, without matching it.
            await #expect(throws: MCPError.self) {
                _ = try await snapshot.readResource(
                    "files://" + String(repeating: "a", count: 9000), context: U.context())
            }
        }
    }

    @Test("A cancelled call is -32800, leaves the upstream healthy and keeps the principal's session")
    func cancellationKeepsTheSession() async throws {
        let recorder = U.Recorder()
        try await U.withUpstream(recorder: recorder) { base in
            let gateway = await U.gateway(url: base + "/legacy")
            let snapshot = gateway.snapshot
            _ = try await snapshot.callTool(named: "echo", arguments: ["text": "a"], context: U.context())
            let call = Task { try await snapshot.callTool(named: "slow", arguments: [:], context: U.context()) }
            try await Task.sleep(for: .milliseconds(200))
            call.cancel()
            await #expect(throws: MCPError.requestCancelled) { _ = try await call.value }
            #expect(gateway.upstreams[0].health == .healthy)
            _ = try await snapshot.callTool(named: "echo", arguments: ["text": "b"], context: U.context())
            let sessions = Set(recorder.all.compactMap { $0[HTTPField.Name("Mcp-Session-Id")!] })
            #expect(sessions.count == 2, "the discovery session and alice's, not a new one after the cancellation")
        }
    }

    @Test("Per-principal sessions: bounded (least recently used closed), idle ones swept")
    func sessionsBounded() async throws {
        let made = Mutex(0)
        let sessions = UpstreamSessions(maximum: 2, idleTimeout: .milliseconds(100)) { _, _ in
            made.withLock { $0 += 1 }
            let client = MCPClient(
                transport: StdioUpstreamTransport(
                    command: UpstreamCommand(executable: "/bin/true"), logger: Logger(label: "t")))
            return .init(client: client, exchangedCredentials: nil)
        }
        let alice = Caller(issuer: "i", subject: "alice")
        let bob = Caller(issuer: "i", subject: "bob")
        let first = sessions.client(for: alice, presenting: nil)
        #expect(sessions.client(for: alice, presenting: nil) === first)
        #expect(
            sessions.client(for: Caller(issuer: "other", subject: "alice"), presenting: nil) !== first,
            "issuer + subject")
        _ = sessions.client(for: bob, presenting: nil)
        #expect(sessions.count == 2)
        #expect(made.withLock { $0 } == 3)
        try await Task.sleep(for: .milliseconds(150))
        await sessions.sweep()
        #expect(sessions.count == 0)
    }
}

extension MCPOperation {
    /// An operation naming `tool` (tests).
    init(tool: String) {
        self.init(JSONRPCRequest(id: .number(1), method: "tools/call", params: ["name": .string(tool)]))
    }

    /// An operation naming `resource` (tests).
    init(resource: String) {
        self.init(JSONRPCRequest(id: .number(1), method: "resources/read", params: ["uri": .string(resource)]))
    }
}
