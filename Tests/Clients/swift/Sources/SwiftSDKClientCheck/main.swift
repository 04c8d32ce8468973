// Drives a Gatehouse MCP endpoint with the official Swift SDK's `Client` over HTTP (protocol 2025-11-25) and
// prints one line per check, then "N passed, N failed". Usage: SwiftSDKClientCheck URL
import Foundation
import MCP

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

var passed = 0
var failed = 0

@MainActor
func check(_ name: String, _ condition: Bool, _ detail: @autoclosure () -> String = "") {
    if condition {
        passed += 1
        print("PASS \(name)")
    } else {
        failed += 1
        print("FAIL \(name) \(detail())")
    }
}

func connect(_ url: URL, name: String) async throws -> Client {
    let client = Client(name: name, version: "1.0")
    _ = try await client.connect(transport: HTTPClientTransport(endpoint: url, streaming: false))
    return client
}

let url = URL(string: CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080/mcp")!

do {
    let client = try await connect(url, name: "swift-sdk-check")
    check("initialize", true)

    let tools = try await client.listTools()
    check(
        "tools/list", Set(tools.tools.map(\.name)).isSuperset(of: ["add", "echo", "fail", "slow_count"]),
        "\(tools.tools.map(\.name))")

    let sum: (content: [Tool.Content], isError: Bool?) = try await client.callTool(
        name: "add", arguments: ["a": .int(2), "b": .int(40)])
    check("tools/call success", sum.isError != true && "\(sum.content)".contains("42"), "\(sum)")

    let failure: (content: [Tool.Content], isError: Bool?) = try await client.callTool(name: "fail", arguments: [:])
    check("tools/call tool error", failure.isError == true, "\(failure)")

    do {
        let _: (content: [Tool.Content], isError: Bool?) = try await client.callTool(
            name: "add", arguments: ["a": .string("x"), "b": .int(1)])
        check("tools/call invalid params", false, "no error")
    } catch let error as MCPError {
        check("tools/call invalid params", error.code == -32602, "\(error)")
    }

    let contents = try await client.readResource(uri: "test://greeting")
    check("resources/read", "\(contents)".contains("hello from gatehouse"), "\(contents)")

    let prompt = try await client.getPrompt(name: "greet", arguments: ["name": "Ada"])
    check("prompts/get", "\(prompt.messages)".contains("Please greet Ada."), "\(prompt)")

    // Two clients whose requests carry identical JSON-RPC ids must each get their own results.
    let other = try await connect(url, name: "swift-sdk-check-2")
    async let first = echo(client, "one")
    async let second = echo(other, "two")
    let (ones, twos) = try await (first, second)
    check(
        "concurrent clients with identical ids",
        ones.allSatisfy { $0.contains("one") } && twos.allSatisfy { $0.contains("two") })

    await client.disconnect()
    await other.disconnect()
} catch {
    check("session", false, "\(error)")
}

print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)

/// Calls `echo` twenty times and returns what came back.
func echo(_ client: Client, _ text: String) async throws -> [String] {
    var answers: [String] = []
    for _ in 0..<20 {
        let result: (content: [Tool.Content], isError: Bool?) = try await client.callTool(
            name: "echo", arguments: ["text": .string(text)])
        answers.append("\(result.content)")
    }
    return answers
}
