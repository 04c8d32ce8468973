import Benchmark
import Hummingbird
import Logging
import MCPCore
import MCPHTTP
import NIOEmbedded

/// The whole Hummingbird responder in process — router, handler, response — for the same request to a bare handler
/// and to Gatehouse's 2026-07-28 endpoint, without sockets or a load generator. On a shared VM whose speed drifts,
/// this is the stable view of what row 2 of `scripts/bench.sh` costs beyond row 1 (the wire parsing and writing
/// that this leaves out are the same for both).
func responderBenchmarks() {
    let body =
        #"{"id":1,"jsonrpc":"2.0","result":{"content":[{"text":"hello","type":"text"}],"resultType":"complete"}}"#
    let backend = ToolBackend()
    backend.add(
        Tool(name: "echo", description: "Echo", inputSchema: .object(["text": .string()], required: ["text"])) {
            arguments, _ in
            .text(arguments["text"]?.stringValue ?? "")
        }
    )
    let router = Router()
    router.post("/bare") { request, _ -> Response in
        var request = request
        _ = try await request.collectBody(upTo: 1 << 20)
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    router.addMCPEndpoint(
        StreamableHTTPEndpoint(
            dispatcher: MCPDispatcher(backend: backend),
            configuration: StreamableHTTPConfiguration(responseMode: .json)),
        at: "/open")
    let responder = router.buildResponder()
    let context = BasicRequestContext(
        source: .init(channel: NIOAsyncTestingChannel(), logger: Logger(label: "bench")))
    let requestBody = ByteBuffer(
        string:
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#
    )
    let headers: HTTPFields = [
        .contentType: "application/json", .accept: "application/json, text/event-stream",
        MCPHeaders.protocolVersion: "2026-07-28", MCPHeaders.method: "tools/call", MCPHeaders.name: "echo",
        .contentLength: "\(requestBody.readableBytes)",
    ]
    for path in ["/bare", "/open"] {
        Benchmark("HTTP responder in process: \(path == "/bare" ? "bare handler" : "Gatehouse 2026-07-28 tools/call")")
        {
            benchmark in
            for _ in benchmark.scaledIterations {
                let request = Request(
                    head: HTTPRequest(
                        method: .post, scheme: "http", authority: "localhost", path: path, headerFields: headers),
                    body: RequestBody(buffer: requestBody))
                let response = try await responder.respond(to: request, context: context)
                precondition(response.status == .ok)
                blackHole(response)
            }
        }
    }
}
