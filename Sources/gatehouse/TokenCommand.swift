import ArgumentParser

/// `gatehouse token …`
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Mint development tokens and inspect any access token.",
        subcommands: [MintTokenCommand.self, InspectTokenCommand.self]
    )
}
