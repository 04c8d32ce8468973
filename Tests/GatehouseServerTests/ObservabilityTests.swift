import Foundation
import GatehouseJSON
import GatehouseServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MCPHTTP
import Synchronization
import Testing
import TokenVerification

@Suite("Observability: auth-decision events and Prometheus metrics")
struct ObservabilityTests {
    typealias Support = ServerTestSupport

    @Test func oneDecisionEventPerRequestWithoutTheTokenOrTheSubject() async throws {
        let log = LogCapture()
        let token = try Support.token(subject: "alice@example.com")
        let otherAudience = try Support.token(audience: "https://elsewhere.example/mcp", subject: "alice@example.com")
        try await Support.withServer(log: log) { server in
            try await Application(router: server.router).test(.router) { client in
                var traced = Support.headers(method: "tools/call", name: "whoami", token: token)
                traced[HTTPField.Name("traceparent")!] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                _ = try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: traced, body: Support.call("whoami"))
                _ = try await client.execute(
                    uri: "/mcp/claude", method: .post,
                    headers: Support.headers(method: "tools/call", name: "whoami", token: otherAudience),
                    body: Support.call("whoami"))
            }
        }
        let events = log.all.filter { $0.contains("auth.decision") }
        #expect(events.count == 2)
        #expect(events[0].hasPrefix("info auth.decision"))
        #expect(events[0].contains("outcome=allowed"))
        #expect(events[0].contains("client_id=test-client"))
        #expect(events[0].contains("subject_hash="))
        #expect(events[0].contains("mcp.method=tools/call"))
        #expect(events[0].contains("trace_id=4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(!events[1].contains("trace_id="))
        #expect(events[1].hasPrefix("notice auth.decision"))
        #expect(events[1].contains("outcome=denied"))
        #expect(events[1].contains("reason=audience_mismatch"))
        for line in log.all {
            #expect(!line.contains(token.prefix(40)))
            #expect(!line.contains("alice@example.com"))
        }
    }

    @Test func clientChosenValuesCannotForgeLogLines() async throws {
        let log = LogCapture()
        let token = try Support.token()
        try await Support.withServer(log: log) { server in
            try await Application(router: server.router).test(.router) { client in
                var headers = Support.headers(method: "x", token: token)
                headers[HTTPField.Name("Mcp-Method")!] = nil
                headers[.accept] = "application/json"
                let method = "evil\nauth.decision outcome=allowed " + String(repeating: "A", count: 200)
                let body = JSONWriter.serialize(["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": [:]])
                _ = try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
        }
        let event = try #require(log.all.first { $0.contains("auth.decision") })
        #expect(!event.contains("\n"))
        #expect(event.contains("mcp.method=evil?auth.decision"))
        #expect(!event.contains(String(repeating: "A", count: 60)))
    }

    @Test func theAuditRecordNamesTheBodysMethodNotAHeaderOfALegacyRequest() async throws {
        let log = LogCapture()
        let token = try Support.token()
        try await Support.withServer(log: log) { server in
            try await Application(router: server.router).test(.router) { client in
                let initialize = ByteBuffer(
                    string: #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","#
                        + #""capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
                var headers: HTTPFields = [
                    .contentType: "application/json", .accept: "application/json",
                    .authorization: "Bearer \(token)",
                ]
                let session = try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: headers, body: initialize
                ) { try #require($0.headers[HTTPField.Name("Mcp-Session-Id")!]) }
                headers[HTTPField.Name("Mcp-Session-Id")!] = session
                headers[HTTPField.Name("Mcp-Method")!] = "ping"
                let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami"}}"#
                _ = try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: headers, body: ByteBuffer(string: call))
                // A notification (the body's first message is not a request) is labelled by its own method too.
                let cancel = #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}}"#
                _ = try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: headers, body: ByteBuffer(string: cancel))
            }
        }
        let events = log.all.filter { $0.contains("auth.decision") }
        #expect(events.count == 3)
        #expect(events.dropFirst().first?.contains("mcp.method=tools/call") == true)
        #expect(events.last?.contains("mcp.method=notifications/cancelled") == true)
        #expect(!events.contains { $0.contains("mcp.method=ping") })
    }

    @Test func metricsCountRequestsByBoundedLabels() async throws {
        let token = try Support.token()
        try await Support.withServer { server in
            try await Application(router: server.router).test(.router) { client in
                try await Support.callTool(client, "/mcp/claude", "whoami", token: token) { _ in }
                try await Support.callTool(client, "/mcp/claude", "whoami") { _ in }
                // A client-chosen method name must not become a label value (series-count attack).
                var headers = Support.headers(method: "attacker/\(UUID())", token: token)
                headers[.accept] = "application/json"
                _ = try await client.execute(
                    uri: "/mcp/claude", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"attacker/x","params":{}}"#))
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                    let text = String(buffer: response.body)
                    #expect(
                        text.contains(
                            #"gatehouse_requests_total{endpoint="claude",method="tools/call",outcome="allowed",reason="none"} 1"#
                        ))
                    #expect(
                        text.contains(
                            #"gatehouse_requests_total{endpoint="claude",method="tools/call",outcome="denied",reason="missing_token"} 1"#
                        ))
                    #expect(text.contains(#"method="other""#))
                    #expect(!text.contains("attacker"))
                    #expect(text.contains("gatehouse_request_duration_seconds_bucket"))
                    #expect(!text.contains(token.prefix(40)))
                }
            }
        }
    }

    @Test func samplingReportsSessionsCacheAndKeySets() throws {
        let metrics = GatehouseMetrics()
        metrics.sample(sessions: [("claude", 3)], cache: .init(hits: 5, misses: 2), keySets: [])
        metrics.sample(sessions: [("claude", 1)], cache: .init(hits: 9, misses: 2), keySets: [])
        let text = metrics.exposition()
        #expect(text.contains(#"gatehouse_sessions_active{endpoint="claude"} 1"#))
        #expect(text.contains("gatehouse_verifier_cache_hits_total 9"))
        #expect(text.contains("gatehouse_verifier_cache_misses_total 2"))
    }
}
