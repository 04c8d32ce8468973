import Foundation
import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
import MCPHTTP
import Synchronization

/// Builds an application serving a test backend at `/mcp`, with a header-driven fake caller
/// (`X-Test-Subject`) standing in for the bearer-auth middleware of the auth layer.
enum HTTPTestSupport {
    static func backend() -> ToolBackend {
        let backend = ToolBackend()
        backend.add(
            Tool(
                name: "echo", description: "Echo", inputSchema: .object(["text": .string()], required: ["text"]),
                allowsAnonymous: true
            ) { arguments, context in
                .text(
                    "\(arguments["text"]!.stringValue!) (\(context.caller?.subject ?? "anonymous"), \(context.protocolVersion))"
                )
            })
        backend.add(
            Tool(
                name: "count", description: "Count",
                inputSchema: .object(["to": .integer(minimum: 1, maximum: 5)], required: ["to"])
            ) { arguments, context in
                let limit = arguments["to"]!.intValue!
                for step in 1...limit { await context.reportProgress(Double(step), total: Double(limit)) }
                return .text("counted \(limit)")
            })
        backend.add(
            Tool(name: "slow", description: "Waits until cancelled") { _, _ in
                try await Task.sleep(for: .seconds(30))
                return .text("finished")
            })
        backend.add(Resource(uri: "notes://all", name: "All") { uri, _ in [.text("all notes", uri: uri)] })
        backend.add(
            Prompt(name: "greet", arguments: [.init(name: "who", required: true)]) { arguments, _ in
                [.user("Hello \(arguments["who"]!)")]
            })
        return backend
    }

    static func application(
        configuration: StreamableHTTPConfiguration = StreamableHTTPConfiguration(
            endpointName: "test", allowedOrigins: ["https://app.example"]),
        backend: ToolBackend = backend(),
        now: @escaping @Sendable () -> Double = StreamableHTTPEndpoint.monotonicSeconds
    ) -> (some ApplicationProtocol, StreamableHTTPEndpoint) {
        let endpoint = StreamableHTTPEndpoint(
            dispatcher: MCPDispatcher(backend: backend), configuration: configuration, now: now)
        let router = Router()
        router.addMCPEndpoint(endpoint, at: "/mcp") { request, _ in
            request.headers[HTTPField.Name("X-Test-Subject")!].map {
                Caller(issuer: "https://issuer.test", subject: $0)
            }
        }
        return (Application(router: router), endpoint)
    }

    static let jsonHeaders: HTTPFields = [
        .contentType: "application/json", .accept: "application/json, text/event-stream",
    ]

    static func modernHeaders(method: String, name: String? = nil, version: String = "2026-07-28") -> HTTPFields {
        var headers = jsonHeaders
        headers[HTTPField.Name("MCP-Protocol-Version")!] = version
        headers[HTTPField.Name("Mcp-Method")!] = method
        if let name { headers[HTTPField.Name("Mcp-Name")!] = name }
        return headers
    }

    static func modernBody(
        _ method: String, id: JSONValue = 1, params: [String: JSONValue] = [:], version: String = "2026-07-28"
    ) -> ByteBuffer {
        var params = params
        params["_meta"] = [
            "io.modelcontextprotocol/protocolVersion": .string(version),
            "io.modelcontextprotocol/clientCapabilities": [:],
            "io.modelcontextprotocol/clientInfo": ["name": "test", "version": "1"],
        ]
        return ByteBuffer(
            string: JSONWriter.serialize([
                "jsonrpc": "2.0", "id": id, "method": .string(method), "params": .object(params),
            ]))
    }

    static func body(_ value: JSONValue) -> ByteBuffer { ByteBuffer(string: JSONWriter.serialize(value)) }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try StrictJSONParser().parse(Array(response.body.readableBytesView))
    }

    /// The JSON-RPC messages of an SSE body.
    static func events(_ response: TestResponse) throws -> [JSONValue] {
        String(buffer: response.body).split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { line in
            try! StrictJSONParser().parse(Array(line.dropFirst(6).utf8))
        }
    }
}
