// Your own MCP server on Gatehouse: declare tools, load a configuration, run. Without an argument it uses the
// embedded development default (127.0.0.1:8080, development issuer); with one, that YAML file.
import GatehouseServer
import MCPCore

// A typed tool: its input and output schemas are derived from these two types; a property's doc comment is its
// description (the SchemaComments plugin, Package.swift), `schemaFields` adds bounds.
struct Greeting: SchemaDerivable, Sendable {
    /// Whom to greet.
    var name: String
    static let schemaFields = ["name": SchemaField(minLength: 1, maxLength: 100)]
}
struct Reply: Codable, Sendable { var text: String }

let backend = ToolBackend()
backend.tool("greet", description: "Greets someone by name.", scopes: ["greetings"]) { (greeting: Greeting, context) in
    Reply(text: "Hello, \(greeting.name)! (asked by \(context.caller?.subject ?? "nobody") via \(context.endpoint))")
}
backend.add(
    Tool(name: "ping", description: "Answers pong, no sign-in needed.", allowsAnonymous: true) { _, _ in .text("pong") }
)

let configuration = try ConfigurationLoader.load(path: CommandLine.arguments.dropFirst().first)
let server = try GatehouseServer(configuration: configuration, backend: backend)
try await server.run {
    print(StartupBanner(configuration: configuration, command: "swift run gatehouse").text)
}
