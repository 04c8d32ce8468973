import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
@testable import MCPHTTP
import Testing

/// The operation is read from one place and decided once (issue #13, findings 1, 2 and 5): a token in the query is
/// refused on every route kind, `completion/complete` needs what reading its prompt needs, and a request runs against
/// the very registrations it was authorized with.
@Suite("One decision per request: query tokens, completion scopes, time of check = time of use")
struct OnePipelineTests {
    typealias F = AuthFixture
    typealias S = HTTPTestSupport

    @Test("?access_token= is 400 invalid_request on both presets, with or without a header token")
    func queryTokenRefusedOnMCPEndpoints() async throws {
        let token = F.token(scopes: ["notes.read"])
        try await F.application().test(.router) { client in
            for (path, resource) in [("/mcp/claude", F.claudeResource), ("/mcp/openai", F.openAIResource)] {
                for header in [nil, F.token(audience: resource, scopes: ["notes.read"])] {
                    try await client.execute(
                        uri: path + "?access_token=" + token, method: .post,
                        headers: F.headers("tools/list", token: header), body: S.modernBody("tools/list")
                    ) { response in
                        #expect(response.status == .badRequest, "\(path)")
                        let challenge = response.headers[.wwwAuthenticate] ?? ""
                        #expect(challenge.contains(#"error="invalid_request""#), "\(path)")
                    }
                }
            }
        }
    }

    static func complete(prompt: String) -> ByteBuffer {
        S.modernBody(
            "completion/complete",
            params: [
                "ref": ["type": "ref/prompt", "name": .string(prompt)],
                "argument": ["name": "topic", "value": ""],
            ])
    }

    @Test("completion/complete for a scoped prompt needs the prompt's scopes (it is not discovery)")
    func completionNeedsThePromptsScopes() async throws {
        try await F.application().test(.router) { client in
            try await client.execute(
                uri: "/mcp/openai", method: .post, headers: F.headers("completion/complete"),
                body: Self.complete(prompt: "private_summary")
            ) { response in
                #expect(response.status == .unauthorized)
            }
            let unscoped = F.token(audience: F.claudeResource, scopes: [])
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("completion/complete", token: unscoped),
                body: Self.complete(prompt: "private_summary")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"scope="notes.read""#) == true)
            }
            let reader = F.token(audience: F.claudeResource, scopes: ["notes.read"])
            try await client.execute(
                uri: "/mcp/claude", method: .post, headers: F.headers("completion/complete", token: reader),
                body: Self.complete(prompt: "private_summary")
            ) { response in
                #expect(response.status == .ok)
                let values = try S.json(response)["result"]?["completion"]?["values"]
                #expect(values == ["salary", "health"])
            }
        }
    }

    @Test("a request runs against the registrations it was decided with, not a later re-registration")
    func timeOfCheckIsTimeOfUse() async throws {
        let backend = ToolBackend()
        backend.add(Tool(name: "report", description: "Open version", allowsAnonymous: true) { _, _ in .text("open") })
        let decided = backend.current
        backend.add(
            Tool(name: "report", description: "Re-registered", requiredScopes: ["admin"]) { _, _ in .text("secret") })
        let dispatcher = MCPDispatcher(backend: backend)
        let request = JSONRPCRequest(id: .number(1), method: "tools/call", params: ["name": "report"])
        let context = CallContext(caller: nil, endpoint: "test", protocolVersion: .v2026_07_28)
        let old = await dispatcher.handle(request, context: context, snapshot: decided)
        #expect(String(decoding: old.bytes, as: UTF8.self).contains("open"))
        let current = await dispatcher.handle(request, context: context)
        #expect(String(decoding: current.bytes, as: UTF8.self).contains("secret"))
        let endpoint = StreamableHTTPEndpoint(dispatcher: dispatcher)
        let ran = await endpoint.run(request, context: context, session: nil, snapshot: decided)
        #expect(ran.map { String(decoding: $0.bytes, as: UTF8.self).contains("open") } == true)
    }
}
