import ArgumentParser
import Foundation
import GatehouseServer

/// `gatehouse config …`
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Validate or print a configuration.",
        subcommands: [CheckConfigCommand.self, ExampleConfigCommand.self]
    )
}

/// `gatehouse config check FILE`: validates without starting (exit 0 when valid, 78 with the problem otherwise).
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file (and GATEHOUSE_… variables) without starting the server."
    )

    @Argument(help: "The YAML file.")
    var file: String

    func run() async throws {
        let configuration = try ServerOverrides.parse(["--config", file]).load()
        do {
            try GatehouseServer.check(configuration)
        } catch {
            throw ServeCommand.fail("configuration error: \(error)", status: 78)
        }
        for warning in configuration.warnings {
            FileHandle.standardError.write(Data("gatehouse: warning: \(warning)\n".utf8))
        }
        print(
            "\(file): valid — \(configuration.issuers.count) issuer(s), "
                + "endpoints: \(configuration.endpoints.map { "\($0.name) (\($0.path))" }.joined(separator: ", "))")
    }
}

/// `gatehouse config example`: prints a fully commented example configuration.
struct ExampleConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Print a fully commented example configuration."
    )

    func run() async throws {
        print(ExampleConfiguration.text, terminator: "")
    }
}
