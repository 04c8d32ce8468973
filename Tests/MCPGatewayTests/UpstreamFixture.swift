import AsyncHTTPClient
import Foundation
import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MCPCore
import MCPGateway
import MCPHTTP
import NIOCore
import Synchronization
import TokenVerification

/// A real upstream on a loopback socket: Gatehouse's own Streamable HTTP endpoint over a small tool backend at
/// `/mcp` (every revision, or only the legacy ones at `/legacy`), recording every request's header fields; plus
/// routes that misbehave (`/garbage`, `/huge`, `/silent`, `/stalls`, `/html`).
enum UpstreamFixture {
    /// The header fields of every request the upstream received, in order.
    final class Recorder: Sendable {
        let requests = Mutex<[HTTPFields]>([])
        var all: [HTTPFields] { requests.withLock { $0 } }
    }

    static func backend() -> ToolBackend {
        let backend = ToolBackend(asksClients: true)
        // A legacy server's own question mid-call (2025-11-25 client/elicitation), on the request's stream.
        backend.add(
            Tool(name: "ask_login", description: "Asks the client for a login") { _, context in
                guard let ask = context.askClient else { return .text("cannot ask") }
                let answer = try await ask(
                    "elicitation/create", ["message": "Your login?", "requestedSchema": ["type": "object"]])
                return .text("hello \(answer["content"]?["name"]?.stringValue ?? "?")")
            })
        backend.add(
            Tool(
                name: "echo", title: "Echo", description: "Echo",
                inputSchema: .object(["text": .string()], required: ["text"])
            ) {
                arguments, context in
                .text("\(arguments["text"]?.stringValue ?? "") (\(context.protocolVersion))")
            })
        backend.add(
            Tool(
                name: "count", description: "Count with progress",
                inputSchema: .object(["to": .integer()], required: ["to"])
            ) {
                arguments, context in
                let limit = arguments["to"]?.intValue ?? 1
                for step in 1...limit {
                    await context.reportProgress(Double(step), total: Double(limit))
                    await context.log(.info, .string("step \(step)"))
                }
                return .text("counted \(limit)")
            })
        backend.add(
            Tool(name: "admin_reset", description: "Needs a scope at the gateway") { _, _ in .text("reset") })
        backend.add(Tool(name: "unlisted_by_rules", description: "No rule names it") { _, _ in .text("leaked") })
        backend.add(
            Tool(name: "slow", description: "Waits") { _, _ in
                try await Task.sleep(for: .seconds(3))
                return .text("finished")
            })
        backend.add(Resource(uri: "notes://all", name: "All") { uri, _ in [.text("all notes", uri: uri)] })
        backend.add(Resource(uri: "secret://keys", name: "Keys") { uri, _ in [.text("secret", uri: uri)] })
        backend.add(Resource(template: "files://{name}", name: "Files") { uri, _ in [.text("file \(uri)", uri: uri)] })
        backend.add(
            Prompt(name: "greet", arguments: [.init(name: "who", required: true, suggestions: ["world", "wendy"])]) {
                arguments, _ in
                [.user("Hello \(arguments["who"] ?? "")")]
            })
        return backend
    }

    /// Runs the upstream on a free loopback port for the duration of `body`.
    static func withUpstream(
        recorder: Recorder = Recorder(), backend: ToolBackend = backend(),
        _ body: @Sendable (_ base: String) async throws -> Void
    ) async throws {
        let modern = StreamableHTTPEndpoint(dispatcher: MCPDispatcher(backend: backend))
        let legacy = StreamableHTTPEndpoint(
            dispatcher: MCPDispatcher(
                backend: backend,
                configuration: MCPServerConfiguration(
                    name: "legacy-upstream", version: "1",
                    supportedVersions: [.v2025_03_26, .v2025_06_18, .v2025_11_25])))
        let router = Router()
        router.add(middleware: RecordingMiddleware(recorder: recorder))
        router.addMCPEndpoint(modern, at: "/mcp")
        router.addMCPEndpoint(legacy, at: "/legacy")
        router.post("/garbage") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{not json")))
        }
        router.post("/html") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>"))
            )
        }
        router.post("/huge") { _, _ in
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 4 << 20)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
        router.post("/silent") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        // The head and the first bytes of an event stream at once, then nothing: the deadline covers the body too.
        router.post("/stalls") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: ": started\n\n"))
                    try await Task.sleep(for: .seconds(3))
                    try await writer.finish(nil)
                })
        }
        try await Application(router: router).test(.live) { client in
            try await body("http://127.0.0.1:\(client.port ?? 0)")
        }
    }

    struct RecordingMiddleware<Context: RequestContext>: RouterMiddleware {
        let recorder: Recorder
        @concurrent func handle(
            _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
        )
            async throws -> Response
        {
            recorder.requests.withLock { $0.append(request.headers) }
            return try await next(request, context)
        }
    }

    /// A gateway over one HTTP upstream at `url`.
    static func gateway(
        url: String, name: String = "up", prefix: String = "", tools: AccessRules = .everyoneWithAToken,
        configure: (inout UpstreamConfiguration) -> Void = { _ in }
    ) async -> GatewayBackend {
        var upstream = UpstreamConfiguration(
            name: name, transport: .http(URL(string: url)!), prefix: prefix, tools: tools,
            resources: AccessRules([AccessRule("notes://*", .scopes(["notes.read"]))]),
            prompts: .everyoneWithAToken, timeout: .seconds(5))
        configure(&upstream)
        let gateway = GatewayBackend(upstreams: [upstream], logger: Logger(label: "test"))
        await gateway.refresh()
        return gateway
    }

    static func context(
        subject: String = "alice", version: ProtocolVersion = .v2026_07_28, progressToken: JSONValue? = nil,
        notify: @escaping @Sendable (JSONRPCNotification) async -> Void = { _ in }
    ) -> CallContext {
        var context = CallContext(
            caller: Caller(
                issuer: "https://issuer.test", subject: subject, clientID: "client-1", scopes: ["notes.read"]),
            protocolVersion: version, progressToken: progressToken, notify: notify)
        context.minimumLogLevel = .debug
        return context
    }
}
