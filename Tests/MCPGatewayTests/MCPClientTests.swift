import AsyncHTTPClient
import Foundation
import GatehouseJSON
import Logging
import MCPCore
import MCPGateway
import Testing

@Suite("The MCP client on its own (docs/gateway.md, \"The MCP client on its own\")")
struct MCPClientTests {
    @Test("The documented example: connect, list, call — over HTTP, then over stdio")
    func documentedExample() async throws {
        try await UpstreamFixture.withUpstream { base in
            // The example of docs/gateway.md, with the fixture's URL.
            let client = MCPClient(
                transport: HTTPUpstreamTransport(url: URL(string: base + "/mcp")!, httpClient: .gatehouseUpstreams))
            let server = try await client.connect()
            let tools = try await client.list("tools/list", key: "tools")
            let result = try await client.request(
                "tools/call", params: ["name": "echo", "arguments": ["text": "hello"]])
            await client.close()
            #expect(server.version == .v2026_07_28)
            #expect(tools.contains { $0["name"] == "echo" })
            #expect(result["content"]?.arrayValue?.first?["text"] == "hello (2026-07-28)")
        }
        let local = MCPClient(
            transport: StdioUpstreamTransport(
                command: UpstreamCommand(executable: GatewayStdioTests.testServer, arguments: ["--stdio"]),
                logger: Logger(label: "stdio")))
        let tools = try await local.list("tools/list", key: "tools")
        await local.close()
        #expect(tools.contains { $0["name"] == "echo" })
    }

    @Test("A server's JSON-RPC error is .rpc with its code; a legacy-only server is reached through initialize")
    func errorsAndLegacy() async throws {
        try await UpstreamFixture.withUpstream { base in
            let client = MCPClient(
                transport: HTTPUpstreamTransport(url: URL(string: base + "/legacy")!, httpClient: .gatehouseUpstreams))
            let server = try await client.connect()
            #expect(server.version == .v2025_11_25)
            await #expect(throws: MCPClientError.rpc(.methodNotFound("no/such"))) {
                _ = try await client.request("no/such")
            }
            await client.close()
            await #expect(throws: MCPClientError.closed) { _ = try await client.connect() }
        }
    }
}
