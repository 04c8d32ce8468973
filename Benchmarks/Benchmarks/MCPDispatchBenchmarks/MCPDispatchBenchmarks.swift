import Benchmark
import GatehouseJSON
import MCPCore

/// In-process cost of one small `tools/call`: decode the body, route, validate arguments, run a trivial tool,
/// encode the response. Target (issue: MCP core): < 5 µs.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1000,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 2_000_000
    )
    let backend = ToolBackend()
    backend.add(
        Tool(name: "echo", description: "Echo", inputSchema: .object(["text": .string()], required: ["text"])) {
            arguments, _ in
            .text(arguments["text"]?.stringValue ?? "")
        }
    )
    let dispatcher = MCPDispatcher(backend: backend)
    let modern = Array(
        #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#
            .utf8
    )
    let legacy = Array(
        #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}"#.utf8)

    Benchmark("tools/call decode + route + encode (2026-07-28)") { benchmark in
        for _ in benchmark.scaledIterations {
            guard case .success(.request(let request)) = try JSONRPCMessage.decodeBody(modern).messages[0] else {
                return
            }
            let version = try dispatcher.modernVersion(of: request)
            let response = await dispatcher.handle(request, context: CallContext(protocolVersion: version))
            blackHole(response.bytes)
        }
    }
    Benchmark("tools/call decode + route + encode (2025-06-18 session)") { benchmark in
        let context = CallContext(protocolVersion: .v2025_06_18)
        for _ in benchmark.scaledIterations {
            guard case .success(.request(let request)) = try JSONRPCMessage.decodeBody(legacy).messages[0] else {
                return
            }
            let response = await dispatcher.handle(request, context: context)
            blackHole(response.bytes)
        }
    }
    responderBenchmarks()
}
