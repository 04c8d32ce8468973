import ArgumentParser
import GatehouseServer

/// The `gatehouse` command (started by ``GatehouseMain``).
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Run MCP servers as OAuth 2.1 protected resources, and diagnose their tokens.",
        version: GatehouseVersion.current,
        subcommands: [
            ServeCommand.self, ConfigCommand.self, DoctorCommand.self, TokenCommand.self, KeysCommand.self,
            InitCommand.self,
        ]
    )
}
