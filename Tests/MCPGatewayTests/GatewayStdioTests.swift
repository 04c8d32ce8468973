import Foundation
import GatehouseJSON
import Logging
import MCPCore
@testable import MCPGateway
import Synchronization
import Testing

@Suite("Gateway over stdio to child processes")
struct GatewayStdioTests {
    /// The conformance server built beside the tests (`MCPTestServer --stdio`).
    static var testServer: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "MCPTestServer"
        )
        .path
    }

    static func gateway(_ command: UpstreamCommand, timeout: Duration = .seconds(5)) async -> GatewayBackend {
        let upstream = UpstreamConfiguration(
            name: "local", transport: .stdio(command), prefix: "local_", tools: .everyoneWithAToken,
            resources: .everyoneWithAToken, prompts: .everyoneWithAToken, timeout: timeout)
        let gateway = GatewayBackend(upstreams: [upstream], logger: Logger(label: "test"))
        await gateway.refresh()
        return gateway
    }

    @Test("A stdio server's tools, resources and prompts are served; progress is relayed; close stops it")
    func servesAChildProcess() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.testServer), "build MCPTestServer first")
        let gateway = await Self.gateway(UpstreamCommand(executable: Self.testServer, arguments: ["--stdio"]))
        let snapshot = gateway.snapshot
        let names = snapshot.toolDescriptors(for: .v2025_11_25, includeSecuritySchemes: false).compactMap {
            $0["name"]?.stringValue
        }
        #expect(names.contains("local_echo") && names.contains("local_slow_count"))
        let echoed = try await snapshot.callTool(
            named: "local_echo", arguments: ["text": "over stdio"], context: UpstreamFixture.context())
        #expect(echoed.content.first?.json(for: .v2026_07_28)["text"]?.stringValue?.contains("over stdio") == true)
        let progress = Mutex(0)
        let context = UpstreamFixture.context(progressToken: 9) { note in
            if note.method == "notifications/progress", note.params["progressToken"] == 9 {
                progress.withLock { $0 += 1 }
            }
        }
        _ = try await snapshot.callTool(named: "local_slow_count", arguments: ["to": 3], context: context)
        #expect(progress.withLock { $0 } == 3)
        let greeting = try await snapshot.readResource("test://greeting", context: UpstreamFixture.context())
        #expect(greeting.first?.text?.isEmpty == false)
        let prompt = try await snapshot.getPrompt(
            named: "local_greet", arguments: ["name": "Ada"], context: UpstreamFixture.context())
        #expect(!prompt.messages.isEmpty)
        await gateway.close()
        await #expect(throws: MCPError.self) {
            _ = try await snapshot.callTool(
                named: "local_echo", arguments: ["text": "x"], context: UpstreamFixture.context())
        }
    }

    @Test("A server that exits at start: the error names the exit and the backoff, and it is retried")
    func exitsAtStart() async throws {
        let gateway = await Self.gateway(UpstreamCommand(executable: "/bin/sh", arguments: ["-c", "exit 3"]))
        let upstream = gateway.upstreams[0]
        guard case .unhealthy(let cause, let detail) = upstream.health else {
            Issue.record("healthy: \(upstream.health)")
            return
        }
        #expect(cause == "connection_lost")
        #expect(detail.contains("exited"))
        // During the backoff a request fails at once and says when the next start is.
        let started = ContinuousClock.now
        _ = await upstream.refresh()
        #expect(started.duration(to: .now) < .seconds(1))
        guard case .unhealthy(_, let second) = upstream.health else {
            Issue.record("healthy after a second refresh")
            return
        }
        #expect(second.contains("restarting in") || second.contains("exited"), "\(second)")
        await gateway.close()
    }

    @Test("A server that dies mid-request fails the waiting request at once, not at the timeout")
    func diesMidRequest() async throws {
        // Reads the first message, then exits: the request it read never gets an answer.
        let gateway = await Self.gateway(
            UpstreamCommand(executable: "/bin/sh", arguments: ["-c", "read line; exit 4"]), timeout: .seconds(20))
        let started = ContinuousClock.now
        _ = await gateway.upstreams[0].refresh()
        #expect(started.duration(to: .now) < .seconds(5))
        guard case .unhealthy(let cause, _) = gateway.upstreams[0].health else {
            Issue.record("healthy: \(gateway.upstreams[0].health)")
            return
        }
        #expect(cause == "connection_lost")
        await gateway.close()
    }

    @Test("A child gets PATH and HOME and its configured variables, not the gateway's other variables (secrets)")
    func environmentIsMinimal() async throws {
        setenv("GATEHOUSE_TEST_SECRET", "do-not-leak", 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)").path
        let gateway = await Self.gateway(
            UpstreamCommand(
                executable: "/bin/sh", arguments: ["-c", "env > '\(file)'"], environment: ["CONFIGURED": "yes"]))
        await gateway.close()
        let seen = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: file)
        #expect(seen.contains("CONFIGURED=yes"))
        #expect(seen.contains("PATH="))
        #expect(!seen.contains("do-not-leak"))
    }

    @Test("process_per_principal: a child per principal (bounded, swept), told its principal; the lists have their own")
    func processPerPrincipal() async throws {
        var upstream = UpstreamConfiguration(
            name: "local", transport: .stdio(UpstreamCommand(executable: Self.testServer, arguments: ["--stdio"])),
            tools: .everyoneWithAToken, timeout: .seconds(5), maximumSessions: 2,
            sessionIdleTimeout: .milliseconds(200))
        upstream.processPerPrincipal = true
        let gateway = GatewayBackend(upstreams: [upstream], logger: Logger(label: "test"))
        await gateway.refresh()
        #expect(gateway.upstreams[0].sessionCount == 0, "the lists come from a process of their own")
        for subject in ["alice", "bob", "alice"] {
            _ = try await gateway.snapshot.callTool(
                named: "echo", arguments: ["text": .string(subject)], context: UpstreamFixture.context(subject: subject)
            )
        }
        #expect(gateway.upstreams[0].sessionCount == 2)
        _ = try await gateway.snapshot.callTool(
            named: "echo", arguments: ["text": "c"], context: UpstreamFixture.context(subject: "carol"))
        #expect(gateway.upstreams[0].sessionCount == 2, "at most max_sessions processes")
        try await Task.sleep(for: .milliseconds(300))
        await gateway.upstreams[0].sweep()
        #expect(gateway.upstreams[0].sessionCount == 0, "idle processes are stopped")
        await gateway.close()

        let command = UpstreamCommand(executable: "x", environment: ["GATEHOUSE_CALLER_SUBJECT": "forged", "A": "1"])
        let alice = command.serving(Caller(issuer: "https://id.example", subject: "alice"))
        #expect(
            alice.environment == [
                "A": "1", "GATEHOUSE_CALLER_ISSUER": "https://id.example", "GATEHOUSE_CALLER_SUBJECT": "alice",
            ])
        #expect(command.serving(nil).environment == ["A": "1"], "anonymous: no principal, and no configured forgery")
        #expect(command.serving(Caller(issuer: "i", subject: "a\0b")).environment == ["A": "1"])
    }

    @Test("A program that does not exist is a clear error, not a crash")
    func missingProgram() async throws {
        let gateway = await Self.gateway(UpstreamCommand(executable: "/nonexistent/mcp-server"))
        guard case .unhealthy(_, let detail) = gateway.upstreams[0].health else {
            Issue.record("healthy")
            return
        }
        #expect(detail.contains("could not start"), "\(detail)")
        await gateway.close()
    }
}
