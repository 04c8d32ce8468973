import GatehouseJSON
import MCPCore
import Testing

@Suite("Resources, prompts and completion")
struct DispatcherResourceTests {
    let backend: ToolBackend
    let notes: Notes

    init() {
        (backend, notes) = TestBackend.make()
    }
    var dispatcher: MCPDispatcher { MCPDispatcher(backend: backend) }

    func error(_ response: JSONRPCResponse) -> MCPError? {
        if case .failure(let error) = response.outcome { return error }
        return nil
    }

    @Test("resources and templates are listed separately")
    func lists() async throws {
        let resources = try await dispatcher.handle(
            request("resources/list"), context: CallContext(protocolVersion: .v2025_06_18)
        ).outcome.get()
        #expect(resources["resources"] == [["uri": "notes://all", "name": "All notes", "mimeType": "text/plain"]])
        let templates = try await dispatcher.handle(
            request("resources/templates/list"), context: CallContext(protocolVersion: .v2025_06_18)
        ).outcome.get()
        #expect(templates["resourceTemplates"]?.arrayValue?.first?["uriTemplate"] == "notes://{id}")
    }

    @Test("resources/read serves fixed resources and template matches")
    func read() async throws {
        notes.append("one")
        let all = try await dispatcher.handle(request("resources/read", ["uri": "notes://all"]), context: CallContext())
            .outcome.get()
        #expect(all["contents"]?.arrayValue?.first?["text"] == "one")
        let single = try await dispatcher.handle(
            request("resources/read", ["uri": "notes://42"]), context: CallContext()
        ).outcome.get()
        #expect(single["contents"]?.arrayValue?.first?["text"] == "note 42")
    }

    @Test("an unknown resource is -32002 before 2026-07-28 and -32602 from it")
    func notFound() async {
        let legacy = await dispatcher.handle(
            request("resources/read", ["uri": "notes://a/b"]), context: CallContext(protocolVersion: .v2025_11_25))
        #expect(error(legacy)?.code == -32002)
        let modern = await dispatcher.handle(
            request("resources/read", ["uri": "other://x"]), context: CallContext(protocolVersion: .v2026_07_28))
        #expect(error(modern)?.code == -32602)
        let missing = await dispatcher.handle(request("resources/read", [:]), context: CallContext())
        #expect(error(missing)?.data?["pointer"] == "/params/uri")
    }

    @Test("prompts/get renders with arguments; a missing required argument is -32602 with a pointer")
    func prompts() async throws {
        let result = try await dispatcher.handle(
            request("prompts/get", ["name": "summarize", "arguments": ["style": "brief"]]),
            context: CallContext(protocolVersion: .v2025_06_18)
        ).outcome.get()
        #expect(
            result["messages"] == [
                ["role": "user", "content": ["type": "text", "text": "Summarize my notes, brief."]]
            ])
        let missing = await dispatcher.handle(request("prompts/get", ["name": "summarize"]), context: CallContext())
        #expect(error(missing)?.data?["pointer"] == "/params/arguments/style")
        let nonString = await dispatcher.handle(
            request("prompts/get", ["name": "summarize", "arguments": ["style": 1]]), context: CallContext())
        #expect(error(nonString)?.code == -32602)
        let unknown = await dispatcher.handle(request("prompts/get", ["name": "nope"]), context: CallContext())
        #expect(error(unknown)?.code == -32602)
    }

    @Test("completion/complete offers declared suggestions by prefix")
    func completion() async throws {
        let params: [String: JSONValue] = [
            "ref": ["type": "ref/prompt", "name": "summarize"], "argument": ["name": "style", "value": "b"],
        ]
        let result = try await dispatcher.handle(
            request("completion/complete", params), context: CallContext(protocolVersion: .v2025_06_18)
        ).outcome.get()
        #expect(result["completion"]?["values"] == ["brief", "bullet"])
        let bad = await dispatcher.handle(
            request("completion/complete", ["ref": ["type": "ref/other"], "argument": ["name": "a", "value": ""]]),
            context: CallContext())
        #expect(error(bad)?.code == -32602)
    }
}
