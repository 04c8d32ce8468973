import Foundation
import GatehouseExample
import GatehouseJSON
import GatehouseServer
import GatehouseTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TokenVerification

/// The embedded-default server in process, tokens from the development issuer, and captured logs.
enum ServerTestSupport {
    /// The repository's `Keys/`.
    static let keysDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Keys").path

    static let origin = "http://127.0.0.1:8080"

    static func configuration() throws -> GatehouseConfiguration {
        var configuration = try ConfigurationLoader.load(path: nil, environment: [:])
        configuration.issuers[0].keys = .development(directory: keysDirectory)
        return configuration
    }

    static func server(
        _ configuration: GatehouseConfiguration? = nil, log: LogCapture = LogCapture()
    ) throws -> GatehouseServer {
        try GatehouseServer(
            configuration: configuration ?? self.configuration(), backend: ExampleBackend.make(),
            logger: log.logger())
    }

    /// Runs `body` against a server built from `configuration`.
    static func withServer(
        _ configuration: GatehouseConfiguration? = nil, log: LogCapture = LogCapture(),
        _ body: (GatehouseServer) async throws -> Void
    ) async throws {
        try await body(try server(configuration, log: log))
    }

    static func token(
        audience: String = origin + "/mcp/claude", scopes: [String] = ["notes.read", "notes.write"],
        subject: String = "alice", issuer: String = origin + "/dev-issuer"
    ) throws -> String {
        let development = try DevelopmentIssuer(directory: keysDirectory, issuer: issuer)
        let claims = AccessTokenClaims(
            issuer: issuer, subject: subject, audience: [audience], scopes: scopes, clientID: "test-client",
            now: SystemWallClock().now(), lifetime: 600)
        return try development.signer(keyID: "dev-es256")!.sign(claims: claims.json, header: ["typ": "at+jwt"])
    }

    static func headers(method: String, name: String? = nil, token: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: "application/json", .accept: "application/json",
            HTTPField.Name("MCP-Protocol-Version")!: "2026-07-28", HTTPField.Name("Mcp-Method")!: method,
        ]
        if let name { headers[HTTPField.Name("Mcp-Name")!] = name }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    static func call(_ tool: String, arguments: JSONValue = [:]) -> ByteBuffer {
        ByteBuffer(
            string: JSONWriter.serialize([
                "jsonrpc": "2.0", "id": 7, "method": "tools/call",
                "params": [
                    "name": .string(tool), "arguments": arguments,
                    "_meta": [
                        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities": [:],
                    ],
                ],
            ]))
    }

    /// POSTs a 2026-07-28 `tools/call` to `uri` and hands the response to `check`.
    @concurrent static func callTool(
        _ client: some TestClientProtocol, _ uri: String, _ tool: String, token: String? = nil,
        arguments: JSONValue = [:], _ check: @escaping @concurrent (TestResponse) async throws -> Void
    ) async throws {
        try await client.execute(
            uri: uri, method: .post, headers: headers(method: "tools/call", name: tool, token: token),
            body: call(tool, arguments: arguments), testCallback: check)
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try StrictJSONParser().parse(Array(response.body.readableBytesView))
    }
}

/// Collects log lines (rendered with their metadata) for assertions.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = level
        return logger
    }

    var all: [String] { lines.withLock { $0 } }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let rendered = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            capture.lines.withLock {
                $0.append("\(event.level) \(event.message) " + rendered.joined(separator: " "))
            }
        }
    }
}
