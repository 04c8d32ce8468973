import ArgumentParser
import Foundation
import GatehouseTesting
import Logging
import TokenVerification

/// `gatehouse token inspect`: runs every verifier check on a token and prints each one, passed or failed, with
/// the reason, and the HTTP status a server with the same issuer answers (one mapping with the server's:
/// ``TokenVerificationError/httpStatus``). Exits 0 when the token would be accepted, 1 when not.
struct InspectTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Decode a token and run every verifier check on it, explaining each result.",
        discussion: """
            Keys come from --jwks (a file or an https URL), from --metadata (an RFC 8414 / OpenID Connect \
            discovery URL), or by default from the development keys in --keys.
            """
    )

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    @Option(help: "This endpoint's resource URI; the token's aud must name it.")
    var resource: String

    @Option(help: "The trusted issuer (exact iss).")
    var issuer = DevelopmentIssuer.defaultIssuer

    @Option(help: "The issuer's JWK Set: a file path or an http(s) URL.")
    var jwks: String?

    @Option(help: "The issuer's metadata URL (RFC 8414 or OpenID Connect discovery); its jwks_uri is used.")
    var metadata: String?

    @Option(help: "Folder of development PEM keys (used when neither --jwks nor --metadata is given).")
    var keys = "Keys"

    @Option(name: .customLong("scope"), help: "A scope the operation needs. Repeatable.")
    var scopes: [String] = []

    @Option(name: .customLong("algorithm"), help: "An allowed algorithm. Repeatable. Default: every asymmetric one.")
    var algorithms: [String] = []

    @Option(help: "typ rule: at+jwt, at+jwt-or-none, or at+jwt-or-jwt.")
    var typ = "at+jwt"

    @Option(help: "Where scopes are read: scope, scp, or scope-or-scp.")
    var scopeClaim = "scope"

    @Option(help: "Trailing slash on resource paths: significant or ignored.")
    var trailingSlash = "significant"

    @Option(help: "Clock-skew leeway in seconds.")
    var leeway: Double = 60

    @Option(help: "Evaluate at this time (seconds since the epoch) instead of now.")
    var at: Double?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let rawToken = token == "-" ? (readLine(strippingNewline: true) ?? "") : token
        guard let resourceIdentifier = ResourceIdentifier(resource) else {
            throw ValidationError("--resource \"\(resource)\" is not an absolute URI")
        }
        let policy = try makePolicy()
        let fetcher = HTTPKeySetFetcher()
        let provider = try await makeKeyProvider(fetcher: fetcher)
        let now = at ?? SystemWallClock().now()
        let verifier = AccessTokenVerifier(
            registry: try IssuerRegistry([TrustedIssuer(policy: policy, keys: provider)]),
            cache: nil,
            clock: ManualWallClock(now)
        )
        let inspection = await TokenInspection(
            token: rawToken.trimmingCharacters(in: .whitespaces),
            verifier: verifier,
            resource: resourceIdentifier,
            requiredScopes: scopes,
            now: now
        )
        print(json ? InspectionReport.json(inspection) : InspectionReport.text(inspection))
        if inspection.verdict != nil { throw ExitCode(1) }
    }

    private func makePolicy() throws -> IssuerPolicy {
        var policy = IssuerPolicy(issuer: issuer, leeway: leeway)
        if !algorithms.isEmpty {
            policy.algorithms = Set(
                try algorithms.map { name in
                    guard let algorithm = SignatureAlgorithm(name: name) else {
                        throw ValidationError(
                            "--algorithm \"\(name)\" is not one of \(SignatureAlgorithm.all.map(\.name).joined(separator: ", "))"
                        )
                    }
                    return algorithm
                })
        }
        switch typ {
        case "at+jwt": policy.typePolicy = .accessToken
        case "at+jwt-or-none": policy.typePolicy = .accessTokenOrUntyped
        case "at+jwt-or-jwt": policy.typePolicy = .accessTokenOrJWT
        default: throw ValidationError("--typ must be at+jwt, at+jwt-or-none or at+jwt-or-jwt")
        }
        switch scopeClaim {
        case "scope": policy.scopeClaim = .scope
        case "scp": policy.scopeClaim = .scp
        case "scope-or-scp": policy.scopeClaim = .scopeOrScp
        default: throw ValidationError("--scope-claim must be scope, scp or scope-or-scp")
        }
        switch trailingSlash {
        case "significant": policy.audiencePolicy.trailingSlash = .significant
        case "ignored": policy.audiencePolicy.trailingSlash = .ignored
        default: throw ValidationError("--trailing-slash must be significant or ignored")
        }
        return policy
    }

    /// The report says why keys could not be fetched; the key set's own warning would say it twice.
    static let quiet: Logger = {
        var logger = Logger(label: "gatehouse.jwks")
        logger.logLevel = .critical
        return logger
    }()

    private func makeKeyProvider(fetcher: HTTPKeySetFetcher) async throws -> any KeyProvider {
        if let metadata {
            // Unreachable keys are not a usage error: the signature check reports them, with the 503 a server gives.
            return RemoteKeySet(
                source: .metadataURL(metadata, expectedIssuer: issuer), fetcher: fetcher, logger: Self.quiet)
        }
        if let jwks, jwks.hasPrefix("http://") || jwks.hasPrefix("https://") {
            return RemoteKeySet(source: .keySetURL(jwks), fetcher: fetcher, logger: Self.quiet)
        }
        if let jwks {
            let document = try Data(contentsOf: URL(fileURLWithPath: jwks))
            let parsed = try JSONWebKeySet.parse(Array(document))
            for skipped in parsed.skipped { print("note: skipped \(skipped)") }
            return StaticKeyProvider(parsed.keySet)
        }
        return StaticKeyProvider(try DevelopmentIssuer(directory: keys, issuer: issuer).keySet())
    }
}
