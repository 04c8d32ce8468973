import Foundation
import GatehouseJSON
import MCPCore
import Testing

@Suite("stdio transport: one message per line, errors per line, cancellation", .serialized)
struct StdioTransportTests {
    /// Runs the transport on pipes, writes `lines`, closes input, and returns every output line parsed.
    func exchange(_ lines: [String], maximumLineBytes: Int = 4096, settle: Duration = .zero) async throws -> [JSONValue]
    {
        let input = Pipe()
        let output = Pipe()
        let transport = StdioTransport(
            dispatcher: MCPDispatcher(backend: TestBackend.make().0), maximumLineBytes: maximumLineBytes)
        let inFD = input.fileHandleForReading.fileDescriptor
        let outFD = output.fileHandleForWriting.fileDescriptor
        let server = Task { await transport.run(input: inFD, output: outFD) }
        for line in lines {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            if settle > .zero { try await Task.sleep(for: settle) }
        }
        try input.fileHandleForWriting.close()
        await server.value
        try output.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return try text.split(separator: "\n").map { try StrictJSONParser().parse(Array($0.utf8)) }
    }

    let modern =
        #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#

    @Test("a legacy session: initialize, then calls under the negotiated revision")
    func legacy() async throws {
        let out = try await exchange(
            [
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
                #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami"}}"#,
            ], settle: .milliseconds(20))
        #expect(out.count == 2)
        #expect(out[0]["result"]?["protocolVersion"] == "2025-06-18")
        #expect(out[1]["result"]?["content"]?.arrayValue?.first?["text"] == "anonymous on stdio")
    }

    @Test("modern requests are served statelessly; without _meta and without a session they are refused")
    func modernRequests() async throws {
        let out = try await exchange(
            [
                #"{"jsonrpc":"2.0","id":"d","method":"server/discover","params":{\#(modern)}}"#,
                #"{"jsonrpc":"2.0","id":"t","method":"tools/list"}"#,
            ], settle: .milliseconds(20))
        #expect(out.first { $0["id"] == "d" }?["result"]?["resultType"] == "complete")
        #expect(out.first { $0["id"] == "t" }?["error"]?["code"] == -32602)
    }

    @Test("bad lines get their own error and do not stop the stream")
    func badLines() async throws {
        let out = try await exchange(
            [
                "{not json",
                #"{"jsonrpc":"2.0","id":1}"#,
                #"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
                String(repeating: "x", count: 5000),
                #"{"jsonrpc":"2.0","id":9,"method":"server/discover","params":{\#(modern)}}"#,
            ], settle: .milliseconds(20))
        let codes = out.compactMap { $0["error"]?["code"]?.intValue }
        #expect(codes == [-32700, -32600, -32600, -32600])
        #expect(out.last?["id"] == 9)
    }

    @Test("notifications/cancelled stops a running request; no response is sent for it")
    func cancellation() async throws {
        let started = ContinuousClock.now
        let out = try await exchange(
            [
                #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"slow",\#(modern)}}"#,
                #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}"#,
            ], settle: .milliseconds(100))
        #expect(out.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
