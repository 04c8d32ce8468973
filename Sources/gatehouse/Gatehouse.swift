import ArgumentParser

/// The `gatehouse` command.
@main
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Run MCP servers as OAuth 2.1 protected resources, and diagnose their tokens.",
        subcommands: [TokenCommand.self, KeysCommand.self]
    )
}
