import GatehouseJSON
import MCPCore
import Synchronization
import Testing

@Suite("Lifecycle and negotiation: initialize (legacy) and server/discover (2026-07-28)")
struct DispatcherLifecycleTests {
    let dispatcher = MCPDispatcher(
        backend: TestBackend.make().0,
        configuration: MCPServerConfiguration(name: "notes", version: "1.2.3", instructions: "Use the notes."))

    @Test("initialize answers the requested legacy revision", arguments: ["2025-03-26", "2025-06-18", "2025-11-25"])
    func supportedRevision(_ version: String) throws {
        let (session, response) = dispatcher.initialize(
            request(
                "initialize",
                [
                    "protocolVersion": .string(version), "capabilities": [:],
                    "clientInfo": ["name": "c", "version": "1"],
                ]), caller: nil)
        let result = try response.outcome.get()
        #expect(result["protocolVersion"] == .string(version))
        #expect(result["serverInfo"]?["name"] == "notes")
        #expect(result["instructions"] == "Use the notes.")
        #expect(result["capabilities"]?["tools"]?["listChanged"] == true)
        #expect(session?.protocolVersion.rawValue == version)
    }

    @Test("initialize with an unknown or modern revision answers the newest legacy one")
    func unsupportedRevision() throws {
        for requested in ["2024-11-05", "1999-01-01", "2026-07-28"] {
            let (_, response) = dispatcher.initialize(
                request("initialize", ["protocolVersion": .string(requested)]), caller: nil)
            #expect(try response.outcome.get()["protocolVersion"] == "2025-11-25")
        }
    }

    @Test("initialize without protocolVersion is -32602 pointing at it")
    func missingVersion() {
        let (session, response) = dispatcher.initialize(request("initialize", [:]), caller: nil)
        #expect(session == nil)
        guard case .failure(let error) = response.outcome else { Issue.record("accepted"); return }
        #expect(error.code == -32602)
        #expect(error.data?["pointer"] == "/params/protocolVersion")
    }

    @Test("a modern-only server names its versions when asked to initialize")
    func modernOnly() {
        let modern = MCPDispatcher(
            backend: ToolBackend(), configuration: MCPServerConfiguration(supportedVersions: [.v2026_07_28]))
        let (_, response) = modern.initialize(request("initialize", ["protocolVersion": "2025-06-18"]), caller: nil)
        guard case .failure(let error) = response.outcome else { Issue.record("accepted"); return }
        #expect(error.message.contains("2026-07-28"))
    }

    @Test("server/discover lists versions newest first, capabilities, serverInfo in _meta, cache hints")
    func discover() async throws {
        let response = await dispatcher.handle(
            request("server/discover", ["_meta": modernRequestMeta]),
            context: CallContext(protocolVersion: .v2026_07_28))
        let result = try response.outcome.get()
        #expect(result["resultType"] == "complete")
        #expect(result["supportedVersions"] == ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"])
        #expect(result["_meta"]?["io.modelcontextprotocol/serverInfo"]?["version"] == "1.2.3")
        #expect(result["ttlMs"] == 60000)
        #expect(result["cacheScope"] == "public")
    }

    @Test("modern requests must declare a supported version and capabilities in _meta")
    func modernMeta() {
        func code(_ meta: JSONValue?) -> Int? {
            var params: [String: JSONValue] = [:]
            if let meta { params["_meta"] = meta }
            do {
                _ = try dispatcher.modernVersion(of: request("tools/list", params))
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(modernRequestMeta) == nil)
        #expect(code(nil) == -32602)
        #expect(code(["io.modelcontextprotocol/protocolVersion": "2026-07-28"]) == -32602)
        #expect(
            code([
                "io.modelcontextprotocol/protocolVersion": "2031-01-01",
                "io.modelcontextprotocol/clientCapabilities": [:],
            ]) == -32022)
        #expect(
            code([
                "io.modelcontextprotocol/protocolVersion": "2025-06-18",
                "io.modelcontextprotocol/clientCapabilities": [:],
            ]) == -32022)
        do {
            _ = try dispatcher.modernVersion(
                of: request(
                    "tools/list",
                    [
                        "_meta": [
                            "io.modelcontextprotocol/protocolVersion": "2031-01-01",
                            "io.modelcontextprotocol/clientCapabilities": [:],
                        ]
                    ]))
        } catch {
            #expect(error.data?["supported"] == ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"])
            #expect(error.data?["requested"] == "2031-01-01")
        }
    }

    @Test("methods exist only in their era")
    func methodEras() async {
        let modern = CallContext(protocolVersion: .v2026_07_28)
        let legacy = CallContext(protocolVersion: .v2025_06_18)
        for (method, context) in [
            ("ping", modern), ("logging/setLevel", modern), ("server/discover", legacy),
            ("resources/subscribe", legacy), ("nope", legacy),
        ] {
            let response = await dispatcher.handle(request(method), context: context)
            guard case .failure(let error) = response.outcome else { Issue.record("\(method) answered"); continue }
            #expect(error.code == -32601, "\(method)")
        }
        #expect(await dispatcher.handle(request("ping"), context: legacy).isError == false)
    }

    @Test("sessions bind to issuer + subject: a refreshed token passes, another user does not")
    func sessionBinding() {
        let alice = Caller(issuer: "https://id", subject: "alice", scopes: ["a"])
        let session = LegacySession(
            protocolVersion: .v2025_06_18, clientInfo: nil, clientCapabilities: nil, owner: alice)
        #expect(session.admits(Caller(issuer: "https://id", subject: "alice", scopes: ["a", "b"])))
        #expect(!session.admits(Caller(issuer: "https://id", subject: "bob")))
        #expect(!session.admits(Caller(issuer: "https://other", subject: "alice")))
        #expect(!session.admits(nil))
    }

    @Test("logging/setLevel validates the level and records it")
    func setLevel() async {
        let session = LegacySession(protocolVersion: .v2025_06_18, clientInfo: nil, clientCapabilities: nil, owner: nil)
        let context = CallContext(protocolVersion: .v2025_06_18)
        #expect(
            await dispatcher.handle(
                request("logging/setLevel", ["level": "warning"]), context: context, session: session
            ).isError == false)
        #expect(session.logLevel == .warning)
        let bad = await dispatcher.handle(
            request("logging/setLevel", ["level": "loud"]), context: context, session: session)
        guard case .failure(let error) = bad.outcome else { Issue.record("accepted"); return }
        #expect(error.code == -32602)
    }

    /// A dispatcher whose `chatty` tool logs once at each of `levels`, and a context (of `version`) that collects
    /// the levels of the log messages sent.
    static func chatty(_ levels: [LogLevel], version: ProtocolVersion) -> (MCPDispatcher, CallContext, Received) {
        let backend = ToolBackend()
        backend.add(
            Tool(name: "chatty", description: "Logs") { _, context in
                for level in levels { await context.log(level, "message", logger: "chatty") }
                return .text("done")
            })
        let received = Received()
        let context = CallContext(protocolVersion: version) { notification in
            received.levels.withLock { $0.append(notification.params["level"]?.stringValue ?? "?") }
        }
        return (MCPDispatcher(backend: backend), context, received)
    }

    /// The levels of the log messages a context sent.
    final class Received: Sendable {
        let levels = Mutex<[String]>([])
    }

    @Test("a tool's log messages reach the client at or above the session's level, and all of them without one")
    func logMessagesRespectTheLevel() async {
        let (dispatcher, context, received) = Self.chatty([.debug, .warning], version: .v2025_06_18)
        let call = request("tools/call", ["name": "chatty"])
        let session = LegacySession(protocolVersion: .v2025_06_18, clientInfo: nil, clientCapabilities: nil, owner: nil)
        _ = await dispatcher.handle(call, context: context, session: session)
        #expect(received.levels.withLock { $0 } == ["debug", "warning"])
        received.levels.withLock { $0.removeAll() }
        _ = await dispatcher.handle(
            request("logging/setLevel", ["level": "warning"]), context: context, session: session)
        _ = await dispatcher.handle(call, context: context, session: session)
        #expect(received.levels.withLock { $0 } == ["warning"])
    }

    @Test("2026-07-28: no log messages unless the request's _meta names a level (SEP-2575), then at or above it")
    func modernLogLevel() async {
        let (dispatcher, context, received) = Self.chatty([.debug, .error], version: .v2026_07_28)
        func call(_ meta: [String: JSONValue]) -> JSONRPCRequest {
            request("tools/call", ["name": "chatty", "_meta": .object(meta)])
        }
        _ = await dispatcher.handle(call([:]), context: context)
        #expect(received.levels.withLock { $0 }.isEmpty)
        _ = await dispatcher.handle(call([MetaKeys.logLevel: "warning"]), context: context)
        #expect(received.levels.withLock { $0 } == ["error"])
        let bad = await dispatcher.handle(call([MetaKeys.logLevel: "loud"]), context: context)
        #expect(bad.error?.code == -32602)
        #expect(bad.error?.data?["pointer"] == "/params/_meta/io.modelcontextprotocol~1logLevel")
    }
}
