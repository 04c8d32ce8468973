import GatehouseJSON
import MCPCore
import Synchronization
import Testing

@Suite("Tools: listing, validation before the handler, results per revision, failures that leak nothing")
struct DispatcherToolTests {
    let backend: ToolBackend
    let notes: Notes

    init() {
        (backend, notes) = TestBackend.make()
    }
    var dispatcher: MCPDispatcher {
        MCPDispatcher(backend: backend, configuration: MCPServerConfiguration(pageSize: 3))
    }

    func call(
        _ name: String, _ arguments: JSONValue? = nil, version: ProtocolVersion = .v2025_06_18, caller: Caller? = nil
    )
        async -> JSONRPCResponse
    {
        var params: [String: JSONValue] = ["name": .string(name)]
        if let arguments { params["arguments"] = arguments }
        return await dispatcher.handle(
            request("tools/call", params),
            context: CallContext(caller: caller, endpoint: "claude", protocolVersion: version))
    }

    func error(_ response: JSONRPCResponse) -> MCPError? {
        if case .failure(let error) = response.outcome { return error }
        return nil
    }

    @Test("tools/list pages with opaque cursors and refuses forged ones")
    func pagination() async throws {
        let context = CallContext(protocolVersion: .v2025_06_18)
        let first = try await dispatcher.handle(request("tools/list"), context: context).outcome.get()
        #expect(first["tools"]?.arrayValue?.count == 3)
        let cursor = try #require(first["nextCursor"])
        let second = try await dispatcher.handle(request("tools/list", ["cursor": cursor]), context: context).outcome
            .get()
        #expect(second["tools"]?.arrayValue?.count == 3)
        #expect(second["nextCursor"] == nil)
        let names = (first["tools"]!.arrayValue! + second["tools"]!.arrayValue!).compactMap { $0["name"]?.stringValue }
        #expect(names == ["add_note", "count", "whoami", "fails", "crashes", "slow"])
        for forged in [JSONValue.string("o999"), "x1", "o-1", 5] {
            #expect(
                error(await dispatcher.handle(request("tools/list", ["cursor": forged]), context: context))?.code
                    == -32602)
        }
    }

    @Test("descriptors follow the revision; securitySchemes only when the endpoint asks")
    func descriptors() async throws {
        func tools(_ version: ProtocolVersion, schemes: Bool = false) async throws -> [JSONValue] {
            let big = MCPDispatcher(backend: backend)
            return try await big.handle(
                request("tools/list"), context: CallContext(protocolVersion: version), includeSecuritySchemes: schemes
            )
            .outcome.get()["tools"]!.arrayValue!
        }
        let old = try await tools(.v2025_03_26)[0]
        #expect(old["title"] == nil)
        #expect(old["annotations"]?["title"] == "Add a note")
        let count = try await tools(.v2025_03_26)[1]
        #expect(count["outputSchema"] == nil)
        let new = try await tools(.v2025_06_18)
        #expect(new[0]["title"] == "Add a note")
        #expect(new[1]["outputSchema"]?["required"] == ["counted"])
        #expect(new[0]["securitySchemes"] == nil)
        let openAI = try await tools(.v2025_06_18, schemes: true)
        #expect(openAI[0]["securitySchemes"] == [["type": "oauth2", "scopes": ["notes.write"]]])
        #expect(openAI[2]["securitySchemes"] == [["type": "noauth"], ["type": "oauth2", "scopes": []]])
        let modern = try await MCPDispatcher(backend: backend).handle(
            request("tools/list"), context: CallContext(protocolVersion: .v2026_07_28)
        ).outcome.get()
        #expect(modern["resultType"] == "complete")
        #expect(modern["ttlMs"] != nil)
    }

    @Test("a typed tool decodes its arguments and runs")
    func typedTool() async throws {
        let result = try await call("add_note", ["text": "buy milk"]).outcome.get()
        #expect(result["content"] == [["type": "text", "text": "saved: buy milk"]])
        #expect(notes.all == ["buy milk"])
    }

    @Test(
        "arguments are validated before the handler runs: -32602 with a JSON Pointer",
        arguments: [
            (JSONValue.object([:]), "/params/arguments/text"),
            (JSONValue.object(["text": .string("")]), "/params/arguments/text"),
            (JSONValue.object(["text": .integer(5)]), "/params/arguments/text"),
            (JSONValue.object(["text": .string("a"), "pinned": .string("yes")]), "/params/arguments/pinned"),
            (JSONValue.object(["text": .string("a"), "extra": .integer(1)]), "/params/arguments/extra"),
            (JSONValue.object(["text": .string(String(repeating: "x", count: 201))]), "/params/arguments/text"),
            (JSONValue.array([.integer(1), .integer(2)]), "/params/arguments"),
        ] as [(JSONValue, String)]
    )
    func validation(_ arguments: JSONValue, _ pointer: String) async {
        let response = await call("add_note", arguments)
        #expect(error(response)?.code == -32602)
        #expect(error(response)?.data?["pointer"] == .string(pointer))
        #expect(notes.all.isEmpty)
    }

    @Test("integer bounds and types are enforced")
    func integers() async {
        #expect(error(await call("count", ["to": 0]))?.data?["pointer"] == "/params/arguments/to")
        #expect(error(await call("count", ["to": 6]))?.code == -32602)
        #expect(error(await call("count", ["to": .number("2.5")]))?.code == -32602)
        #expect(error(await call("count", ["to": .number("1e400")]))?.code == -32602)
        #expect(!(await call("count", ["to": .number("2.0")])).isError)
    }

    @Test("unknown tools and missing names are -32602")
    func unknownTool() async {
        #expect(error(await call("nope"))?.code == -32602)
        let noName = await dispatcher.handle(request("tools/call", [:]), context: CallContext())
        #expect(error(noName)?.data?["pointer"] == "/params/name")
    }

    @Test("structured output is sent from 2025-06-18 on, as text before")
    func structured() async throws {
        let new = try await call("count", ["to": 2]).outcome.get()
        #expect(new["structuredContent"] == ["counted": 2])
        let old = try await call("count", ["to": 2], version: .v2025_03_26).outcome.get()
        #expect(old["structuredContent"] == nil)
        #expect(old["content"]?.arrayValue?.first?["text"] == #"{"counted":2}"#)
        let modern = try await call("count", ["to": 2], version: .v2026_07_28).outcome.get()
        #expect(modern["resultType"] == "complete")
    }

    @Test("a tool's own failure is an isError result with its message")
    func toolError() async throws {
        let result = try await call("fails").outcome.get()
        #expect(result["isError"] == true)
        #expect(result["content"]?.arrayValue?.first?["text"] == "the notebook is locked")
    }

    @Test("an internal error becomes a generic isError result and leaks nothing")
    func internalError() async throws {
        let response = await call("crashes")
        let result = try response.outcome.get()
        #expect(result["isError"] == true)
        #expect(!response.body.contains("hunter2"))
        #expect(!response.body.contains("InternalFailure"))
    }

    @Test("handlers see the caller and the endpoint")
    func callerContext() async throws {
        let anonymous = try await call("whoami").outcome.get()
        #expect(anonymous["content"]?.arrayValue?.first?["text"] == "anonymous on claude")
        let alice = try await call("whoami", caller: Caller(issuer: "https://id", subject: "alice")).outcome.get()
        #expect(alice["content"]?.arrayValue?.first?["text"] == "https://id alice on claude")
    }

    @Test("progress notifications carry the request's progressToken")
    func progress() async throws {
        let sent = Mutex<[JSONRPCNotification]>([])
        let context = CallContext(protocolVersion: .v2025_06_18) { notification in
            sent.withLock { $0.append(notification) }
        }
        let params: [String: JSONValue] = ["name": "count", "arguments": ["to": 3], "_meta": ["progressToken": "p-1"]]
        _ = try await dispatcher.handle(request("tools/call", params), context: context).outcome.get()
        let progress = sent.withLock { $0 }
        #expect(progress.count == 3)
        #expect(progress.allSatisfy { $0.method == "notifications/progress" && $0.params["progressToken"] == "p-1" })
        #expect(progress.last?.params["progress"] == 3)
        // Without a token: no notifications.
        sent.withLock { $0 = [] }
        _ = await dispatcher.handle(request("tools/call", ["name": "count", "arguments": ["to": 2]]), context: context)
        #expect(sent.withLock { $0 }.isEmpty)
    }

    @Test("cancelling the handler's task ends the call with the cancellation marker")
    func cancellation() async {
        let dispatcher = self.dispatcher
        let task = Task { await dispatcher.handle(request("tools/call", ["name": "slow"]), context: CallContext()) }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let response = await task.value
        #expect(error(response) == .requestCancelled)
    }

    @Test("list changes are announced to observers")
    func listChanged() {
        let changes = Mutex<[ToolBackend.Change]>([])
        let token = backend.observe { change in changes.withLock { $0.append(change) } }
        backend.add(Tool(name: "extra", description: "x") { _, _ in .text("x") })
        backend.removeTool(named: "extra")
        backend.removeObserver(token)
        backend.add(Tool(name: "extra2", description: "x") { _, _ in .text("x") })
        #expect(changes.withLock { $0 } == [.tools, .tools])
    }
}

@Suite("Lists of permitted entries only (an endpoint's lists: permitted)")
struct PermittedListTests {
    static func backend() -> ToolBackend {
        let (backend, _) = TestBackend.make()
        backend.add(Resource(uri: "admin://audit", name: "Audit", requiredScopes: ["notes.admin"]) { _, _ in [] })
        backend.add(Prompt(name: "purge", requiredScopes: ["notes.admin"]) { _, _ in [] })
        return backend
    }

    static func names(_ method: String, key: String, field: String, caller: Caller?, filtered: Bool) async throws
        -> Set<String>
    {
        var context = CallContext(caller: caller, protocolVersion: .v2025_06_18)
        context.listsOnlyPermitted = filtered
        let result = try await MCPDispatcher(backend: backend()).handle(request(method), context: context).outcome.get()
        return Set(result[key]?.arrayValue?.compactMap { $0[field]?.stringValue } ?? [])
    }

    @Test("An authenticated caller sees only what its scopes allow; anonymous callers and unfiltered endpoints all")
    func permittedOnly() async throws {
        let reader = Caller(issuer: "https://id.example", subject: "u", scopes: ["notes.read"])
        let tools = try await Self.names("tools/list", key: "tools", field: "name", caller: reader, filtered: true)
        #expect(tools.contains("count") && tools.contains("whoami"))
        #expect(!tools.contains("add_note"), "add_note needs notes.write")
        let all = try await Self.names("tools/list", key: "tools", field: "name", caller: reader, filtered: false)
        #expect(all.contains("add_note"))
        let anonymous = try await Self.names("tools/list", key: "tools", field: "name", caller: nil, filtered: true)
        #expect(anonymous.contains("add_note"), "an anonymous list shows what signing in would allow")
        let resources = try await Self.names(
            "resources/list", key: "resources", field: "uri", caller: reader, filtered: true)
        #expect(resources == ["notes://all"])
        let prompts = try await Self.names(
            "prompts/list", key: "prompts", field: "name", caller: reader, filtered: true)
        #expect(prompts == ["summarize"])
        let admin = Caller(issuer: "https://id.example", subject: "a", scopes: ["notes.read", "notes.admin"])
        let adminPrompts = try await Self.names(
            "prompts/list", key: "prompts", field: "name", caller: admin, filtered: true)
        #expect(adminPrompts == ["summarize", "purge"])
    }
}
