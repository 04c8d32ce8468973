// Your own MCP server on Gatehouse: declare tools, load a configuration, run. Without an argument it uses the
// embedded development default (127.0.0.1:8080, development issuer); with one, that YAML file.
import GatehouseServer
import MCPCore

struct Greeting: Decodable, Sendable {
    var name: String
}

let backend = ToolBackend()
backend.tool(
    "greet", description: "Greets someone by name.", input: Greeting.self,
    schema: .object(["name": .string(minLength: 1, maxLength: 100)], required: ["name"]), scopes: ["greetings"]
) { greeting, context in
    .text("Hello, \(greeting.name)! (asked by \(context.caller?.subject ?? "nobody") via \(context.endpoint))")
}
backend.add(
    Tool(name: "ping", description: "Answers pong, no sign-in needed.", allowsAnonymous: true) { _, _ in .text("pong") }
)

let configuration = try ConfigurationLoader.load(path: CommandLine.arguments.dropFirst().first)
let server = try GatehouseServer(configuration: configuration, backend: backend)
try await server.run {
    print(StartupBanner(configuration: configuration, command: "swift run gatehouse").text)
}
