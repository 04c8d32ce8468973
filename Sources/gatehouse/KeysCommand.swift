import ArgumentParser
import Foundation
import GatehouseTesting
import TokenVerification

/// `gatehouse keys …`
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Work with development keys.",
        subcommands: [PrintJWKSCommand.self]
    )
}

/// `gatehouse keys jwks`: prints the public JWK Set of the development keys.
struct PrintJWKSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwks",
        abstract: "Print the public JWK Set of a folder of development PEM keys."
    )

    @Option(help: "Folder of development PEM keys.")
    var keys = "Keys"

    func run() async throws {
        print(JSONWriter.prettyPrinted(try DevelopmentIssuer(directory: keys).jwks))
    }
}
