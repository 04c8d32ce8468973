import Foundation
import GatehouseJSON
import HTTPTypes
import Hummingbird
import Logging
import MCPCore
import MCPHTTP

/// A test-only MCP server for the real-client tests (scripts/test-clients.sh): the conformance backend over
/// Streamable HTTP at `/mcp`, **without authentication**, bound to 127.0.0.1. Not part of the product.
///
/// Usage: `mcp-test-server PORT` — prints `listening on PORT` when ready; `mcp-test-server --stdio` serves the
/// same backend over standard input/output.
@main
struct MCPTestServer {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--authorization-server", arguments.count == 3, let port = Int(arguments[2]) {
            try await AuthenticatedServer.run(authorizationServer: arguments[1], port: port)
            return
        }
        if arguments.first == "--bench", arguments.count == 2, let port = Int(arguments[1]) {
            try await BenchServer.run(port: port)
            return
        }
        if CommandLine.arguments.dropFirst().first == "--stdio" {
            let dispatcher = MCPDispatcher(
                backend: ConformanceBackend.make(),
                configuration: MCPServerConfiguration(name: "gatehouse-test", version: "0.1.0"))
            await StdioTransport(dispatcher: dispatcher).run()
            return
        }
        let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 0
        let endpoint = StreamableHTTPEndpoint(
            dispatcher: MCPDispatcher(
                backend: ConformanceBackend.make(),
                configuration: MCPServerConfiguration(name: "gatehouse-test", version: "0.1.0")),
            configuration: StreamableHTTPConfiguration(
                endpointName: "test",
                // Anonymous sessions get half the store: room for bench-http.sh's 10 000 sessions.
                maximumSessions: 20_000)
        )
        let router = Router()
        addBareRoute(to: router)
        if ProcessInfo.processInfo.environment["MCP_TEST_SERVER_TRACE"] == "1" {
            router.add(middleware: TraceMiddleware())
        }
        router.addMCPEndpoint(endpoint, at: "/mcp")
        try await serve(router, port: port)
    }

    /// The ceiling for the HTTP benchmarks: `POST /bare`, a bare Hummingbird handler returning the same body as a
    /// 2026-07-28 `echo` of "hello".
    static func addBareRoute(to router: Router<BasicRequestContext>) {
        let bareBody =
            #"{"id":1,"jsonrpc":"2.0","result":{"content":[{"text":"hello","type":"text"}],"resultType":"complete"}}"#
        router.post("/bare") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: 1 << 20)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: bareBody)))
        }
    }

    /// Runs `router` on 127.0.0.1:`port`, printing `listening on PORT` (unbuffered) once ready.
    static func serve(_ router: Router<BasicRequestContext>, port: Int) async throws {
        var logger = Logger(label: "mcp-test-server")
        logger.logLevel = ProcessInfo.processInfo.environment["MCP_TEST_SERVER_TRACE"] == "1" ? .trace : .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                // Unbuffered write: the test script waits for this line.
                FileHandle.standardOutput.write(Data("listening on \(channel.localAddress?.port ?? 0)\n".utf8))
            },
            logger: logger
        )
        try await app.runService()
    }
}

/// The backend the real clients exercise: success, tool error, invalid params, progress, a resource, a prompt.
enum ConformanceBackend {
    struct Add: Decodable, Sendable {
        var a: Int
        var b: Int
    }

    static func make() -> ToolBackend {
        let backend = ToolBackend()
        backend.tool(
            "add", description: "Add two integers", input: Add.self,
            schema: .object(["a": .integer(), "b": .integer()], required: ["a", "b"]),
            outputSchema: .object(["sum": .integer()], required: ["sum"])
        ) { input, _ in
            .structured(["sum": .integer(input.a + input.b)])
        }
        backend.add(
            Tool(name: "echo", description: "Echo text", inputSchema: .object(["text": .string()], required: ["text"]))
            { arguments, _ in
                .text(arguments["text"]?.stringValue ?? "")
            })
        backend.add(
            Tool(name: "fail", description: "Always fails") { _, _ in throw ToolError("this tool always fails") })
        backend.add(
            Tool(
                name: "slow_count", description: "Counts with progress",
                inputSchema: .object(["to": .integer(minimum: 1, maximum: 10)], required: ["to"])
            ) { arguments, context in
                let limit = arguments["to"]?.intValue ?? 1
                for step in 1...limit {
                    await context.reportProgress(Double(step), total: Double(limit), message: "step \(step)")
                    try await Task.sleep(for: .milliseconds(5))
                }
                return .text("counted to \(limit)")
            })
        backend.add(
            Resource(uri: "test://greeting", name: "Greeting", mimeType: "text/plain") { uri, _ in
                [.text("hello from gatehouse", uri: uri)]
            })
        backend.add(
            Prompt(name: "greet", description: "Greet someone", arguments: [.init(name: "name", required: true)]) {
                arguments, _ in
                [.user("Please greet \(arguments["name"] ?? "").")]
            })
        return backend
    }
}

/// Prints each exchange to standard error (`MCP_TEST_SERVER_TRACE=1`), for debugging client interoperability.
struct TraceMiddleware<Context: RequestContext>: RouterMiddleware {
    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let method = request.headers[HTTPField.Name("Mcp-Method")!] ?? "-"
        let session = request.headers[HTTPField.Name("Mcp-Session-Id")!].map { String($0.prefix(6)) } ?? "-"
        do {
            let response = try await next(request, context)
            FileHandle.standardError.write(
                Data("\(request.method) \(method) session=\(session) -> \(response.status.code)\n".utf8))
            return response
        } catch {
            FileHandle.standardError.write(
                Data("\(request.method) \(method) session=\(session) -> error \(error)\n".utf8))
            throw error
        }
    }
}
