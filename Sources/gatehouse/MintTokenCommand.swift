import ArgumentParser
import Foundation
import GatehouseTesting
import TokenVerification

/// `gatehouse token mint`: signs a development access token with a key from `Keys/`.
struct MintTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mint",
        abstract: "Sign a development access token (RFC 9068) with a development key. Never for production."
    )

    @Option(help: "Folder of development PEM keys.")
    var keys = "Keys"

    @Option(help: "Key id (file name without .pem) to sign with: dev-es256, dev-rs256 or dev-eddsa.")
    var kid = "dev-es256"

    @Option(help: "The token's issuer (iss).")
    var issuer = DevelopmentIssuer.defaultIssuer

    @Option(help: "The token's subject (sub).")
    var subject = "dev-user"

    @Option(name: .customLong("audience"), help: "Audience (aud): the resource the token is for. Repeatable.")
    var audiences: [String] = ["http://127.0.0.1:8080/mcp/claude"]

    @Option(name: .customLong("scope"), help: "A granted scope. Repeatable.")
    var scopes: [String] = []

    @Option(help: "The client_id claim.")
    var clientID = "gatehouse-dev-client"

    @Option(help: "Lifetime in seconds.")
    var lifetime: Double = 3600

    @Option(help: "JWS typ header (RFC 9068 uses at+jwt).")
    var typ = "at+jwt"

    func run() async throws {
        let issuerKeys = try DevelopmentIssuer(directory: keys, issuer: issuer)
        guard let signer = issuerKeys.signer(keyID: kid) else {
            throw ValidationError(
                "no key \"\(kid)\" in \(keys); have: \(issuerKeys.signers.compactMap(\.keyID).joined(separator: ", "))")
        }
        let claims = AccessTokenClaims(
            issuer: issuer,
            subject: subject,
            audience: audiences,
            scopes: scopes,
            clientID: clientID,
            now: SystemWallClock().now(),
            lifetime: lifetime
        )
        print(try signer.sign(claims: claims.json, header: ["typ": .string(typ)]))
    }
}
