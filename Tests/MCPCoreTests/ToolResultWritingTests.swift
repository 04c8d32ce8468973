import GatehouseJSON
import MCPCore
import Testing

@Suite("Tool results written straight to bytes equal the generic writer's output of their JSON")
struct ToolResultWritingTests {
    static let awkward = "quote \" back\\slash\nline \u{01} émoji 😀"

    static let results: [ToolResult] = [
        .text("hello"),
        .text(awkward),
        .error("The tool failed: \(awkward)"),
        .structured(["b": [1, 2], "a": .string(awkward), "c": ["nested": true]]),
        ToolResult(content: []),
        ToolResult(
            content: [
                .text("one"), .image(base64: "aGk=", mimeType: "image/png"),
                .resourceLink(uri: "notes://1", name: awkward, mimeType: "text/plain"),
                .resourceLink(uri: "notes://2", name: "two", mimeType: nil),
                .embeddedText(uri: "notes://3", text: awkward, mimeType: "text/markdown"),
                .embeddedText(uri: "notes://4", text: "four", mimeType: nil),
            ],
            structuredContent: ["count": 6], isError: true,
            meta: ["mcp/www_authenticate": ["Bearer error=\"insufficient_scope\""], "z": nil]
        ),
    ]

    @Test(
        "every content kind, every revision, with and without isError, structuredContent and _meta",
        arguments: ProtocolVersion.supported)
    func sameBytes(_ version: ProtocolVersion) {
        for result in Self.results {
            var written: [UInt8] = []
            result.write(for: version, to: &written)
            #expect(written == JSONWriter.bytes(result.json(for: version)), "\(version) \(result)")
        }
    }

    @Test(
        "a tools/call response made from a tool result: the same bytes and outcome as one made from its JSON",
        arguments: [JSONRPCID.number(7), .string("a\"b"), nil])
    func response(_ id: JSONRPCID?) throws {
        for result in Self.results {
            let direct = JSONRPCResponse(id: id, toolResult: result, version: .v2026_07_28)
            let built = JSONRPCResponse(id: id, outcome: .success(result.json(for: .v2026_07_28)))
            #expect(direct.bytes == built.bytes)
            #expect(direct.body == JSONWriter.serialize(built.json))
            #expect(try direct.outcome.get() == result.json(for: .v2026_07_28))
            #expect(direct.error == nil)
            #expect(!direct.isError)
        }
        let failed = JSONRPCResponse(id: id, outcome: .failure(.requestCancelled))
        #expect(failed.error == .requestCancelled)
        #expect(failed.isError)
    }

    @Test("the member writer writes members in the order given, as the generic writer does for that order")
    func memberWriter() {
        var output: [UInt8] = []
        var members = JSONMemberWriter(to: &output)
        members.string("a", "x\"y", to: &output)
        members.value("b", [1, nil], to: &output)
        members.name("c", to: &output)
        let inner = JSONMemberWriter(to: &output)
        inner.finish(to: &output)
        members.finish(to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"{"a":"x\"y","b":[1,null],"c":{}}"#)
        #expect(output == JSONWriter.bytes(["c": [:], "b": [1, nil], "a": "x\"y"]))
    }
}
