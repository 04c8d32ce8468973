import ArgumentParser
import Foundation
import GatehouseServer
import GatehouseTesting
import Logging
import TokenVerification

/// `gatehouse token inspect`: runs every verifier check on a token and prints each one, passed or failed, with
/// the reason, and the HTTP status a server with the same issuer answers (one mapping with the server's:
/// ``TokenVerificationError/httpStatus``). Exits 0 when the token would be accepted, 1 when not. With
/// `--config FILE --endpoint NAME` the rules are that endpoint's, built as `gatehouse serve` builds them; otherwise
/// they come from the flags, spelled as in the configuration (`token_type`, `scope_claim`, `trailing_slash`, …).
struct InspectTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Decode a token and run every verifier check on it, explaining each result.",
        discussion: """
            With --config FILE --endpoint NAME the token is judged exactly as that endpoint of `gatehouse serve \
            --config FILE` would judge it (its issuers, keys, policies and resource). Otherwise the rules come from \
            the flags, spelled as in the configuration's issuer keys: keys from --jwks (a file or an https URL), \
            from --metadata (an RFC 8414 / OpenID Connect discovery URL), or by default from the development keys \
            in --keys.
            """
    )

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    @Option(help: "A configuration file: judge the token as its endpoint --endpoint does (no other rule flags).")
    var config: String?

    @Option(help: "With --config: the endpoint's name (needed when the file has more than one).")
    var endpoint: String?

    @Option(help: "This endpoint's resource URI; the token's aud must name it. Required without --config.")
    var resource: String?

    @Option(
        help: """
            The trusted issuer (exact iss). Required with --jwks or --metadata; with development keys, the token's \
            own iss by default.
            """)
    var issuer: String?

    @Option(help: "The issuer's JWK Set: a file path or an http(s) URL.")
    var jwks: String?

    @Option(help: "The issuer's metadata URL (RFC 8414 or OpenID Connect discovery); its jwks_uri is used.")
    var metadata: String?

    @Option(help: "Folder of development PEM keys, used when neither --jwks nor --metadata is given (default: Keys).")
    var keys: String?

    @Option(name: .customLong("scope"), help: "A scope the operation needs. Repeatable.")
    var scopes: [String] = []

    @Option(name: .customLong("algorithm"), help: "An allowed algorithm. Repeatable. Default: every asymmetric one.")
    var algorithms: [String] = []

    @Option(help: "token_type: at+jwt (the default), at+jwt-or-untyped, or at+jwt-or-jwt.")
    var typ: String?

    @Option(help: "scope_claim: scope (the default), scp, or scope-or-scp.")
    var scopeClaim: String?

    @Option(help: "trailing_slash on resource paths: significant (the default) or ignored.")
    var trailingSlash: String?

    @Option(name: .customLong("required-claim"), help: "required_claims: a claim every token must carry. Repeatable.")
    var requiredClaims: [String] = []

    @Option(
        name: .customLong("additional-audience"),
        help: "additional_audiences: an audience accepted besides the resource. Repeatable.")
    var additionalAudiences: [String] = []

    @Option(help: "leeway_seconds: clock-skew leeway in seconds (default: 60).")
    var leeway: Double?

    @Option(help: "Evaluate at this time (seconds since the epoch) instead of now.")
    var at: Double?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    /// What the token is judged against.
    private struct Rules {
        let verifier: AccessTokenVerifier
        let resource: ResourceIdentifier
        let scopes: [String]
    }

    func run() async throws {
        let rawToken = (token == "-" ? (readLine(strippingNewline: true) ?? "") : token)
            .trimmingCharacters(in: .whitespaces)
        let now = at ?? SystemWallClock().now()
        let rules: Rules
        if let config {
            rules = try endpointRules(file: config, now: now)
        } else {
            rules = try await flagRules(rawToken, now: now)
        }
        let inspection = await TokenInspection(
            token: rawToken, verifier: rules.verifier, resource: rules.resource, requiredScopes: rules.scopes,
            now: now)
        print(json ? InspectionReport.json(inspection) : InspectionReport.text(inspection))
        if inspection.verdict != nil { throw ExitCode(1) }
    }

    /// The rules of an endpoint of `file`, loaded as `gatehouse serve --config` loads it.
    private func endpointRules(file: String, now: Double) throws -> Rules {
        let ruleFlags: [(String, Bool)] = [
            ("--resource", resource != nil), ("--issuer", issuer != nil), ("--jwks", jwks != nil),
            ("--metadata", metadata != nil), ("--keys", keys != nil), ("--algorithm", !algorithms.isEmpty),
            ("--typ", typ != nil), ("--scope-claim", scopeClaim != nil), ("--trailing-slash", trailingSlash != nil),
            ("--required-claim", !requiredClaims.isEmpty), ("--additional-audience", !additionalAudiences.isEmpty),
            ("--leeway", leeway != nil),
        ]
        if let given = ruleFlags.first(where: \.1) {
            throw ValidationError(
                "\(given.0) cannot be combined with --config: the endpoint's rules come from \(file); drop \(given.0)")
        }
        let configuration = try ServerOverrides.parse(["--config", file]).load()
        let names = configuration.endpoints.map(\.name)
        guard let name = endpoint ?? (names.count == 1 ? names[0] : nil) else {
            throw ValidationError(
                "\(file) has \(names.count) endpoints: name one with --endpoint (\(names.joined(separator: ", ")))")
        }
        do {
            let endpoint = try EndpointTokenRules(of: configuration, endpoint: name, clock: ManualWallClock(now))
            // GATEHOUSE_… variables can move the resource (server.public_url, server.port): say what is judged.
            FileHandle.standardError.write(
                Data("note: judging as endpoint \(name) of \(file): resource \(endpoint.resource)\n".utf8))
            return Rules(verifier: endpoint.verifier, resource: endpoint.resource, scopes: endpoint.baseScopes + scopes)
        } catch {
            throw ServeCommand.fail("configuration error: \(error)", status: 78)
        }
    }

    /// The rules the flags describe.
    private func flagRules(_ rawToken: String, now: Double) async throws -> Rules {
        guard let resource else {
            throw ValidationError(
                "give the endpoint's resource URI with --resource, or judge as a server does with --config")
        }
        guard endpoint == nil else {
            throw ValidationError("--endpoint names an endpoint of --config FILE; add --config")
        }
        guard let resourceIdentifier = ResourceIdentifier(resource) else {
            throw ValidationError("--resource \"\(resource)\" is not an absolute URI")
        }
        let issuer = try trustedIssuer(rawToken)
        let policy = try makePolicy(issuer: issuer)
        let provider = try await makeKeyProvider(issuer: issuer, fetcher: HTTPKeySetFetcher())
        let verifier = AccessTokenVerifier(
            registry: try IssuerRegistry([TrustedIssuer(policy: policy, keys: provider)]), cache: nil,
            clock: ManualWallClock(now))
        return Rules(verifier: verifier, resource: resourceIdentifier, scopes: scopes)
    }

    /// `--issuer`; with development keys and none given, the token's own `iss` — only when it is a development
    /// issuer's (a loopback `…/dev-issuer` URL, as `gatehouse serve` runs it on whatever port): the development keys
    /// are public, so a token naming any other issuer proves nothing and is refused here rather than "accepted".
    /// The choice is said on stderr, so `--json` output stays parseable and still carries the warning.
    private func trustedIssuer(_ rawToken: String) throws -> String {
        if let issuer { return issuer }
        guard jwks == nil, metadata == nil else {
            throw ValidationError(
                "--issuer is required with --jwks or --metadata: the exact iss the server trusts (issuers[].issuer)")
        }
        guard let jws = try? CompactJWS(rawToken), let iss = (try? jws.claims())?["iss"]?.stringValue else {
            return DevelopmentIssuer.defaultIssuer
        }
        guard let url = ResourceIdentifier(iss), LoopbackHost.contains(url.host), url.path == "/dev-issuer" else {
            throw ValidationError(
                "--issuer is required: the token's iss \(iss.prefix(200)) is not a development issuer (a loopback "
                    + "…/dev-issuer URL), and the development keys are public; name the issuer your server trusts, "
                    + "with its --jwks or --metadata, or use --config")
        }
        FileHandle.standardError.write(
            Data("note: no --issuer: judging the token's own iss \(iss) with the development keys\n".utf8))
        return iss
    }

    private func makePolicy(issuer: String) throws -> IssuerPolicy {
        var policy = IssuerPolicy(issuer: issuer, leeway: leeway ?? 60)
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
        switch typ ?? "at+jwt" {
        case "at+jwt": policy.typePolicy = .accessToken
        case "at+jwt-or-untyped": policy.typePolicy = .accessTokenOrUntyped
        case "at+jwt-or-jwt": policy.typePolicy = .accessTokenOrJWT
        case "at+jwt-or-none": throw ValidationError("--typ at+jwt-or-none is now at+jwt-or-untyped (as token_type)")
        default: throw ValidationError("--typ must be at+jwt, at+jwt-or-untyped or at+jwt-or-jwt")
        }
        switch scopeClaim ?? "scope" {
        case "scope": policy.scopeClaim = .scope
        case "scp": policy.scopeClaim = .scp
        case "scope-or-scp": policy.scopeClaim = .scopeOrScp
        default: throw ValidationError("--scope-claim must be scope, scp or scope-or-scp")
        }
        switch trailingSlash ?? "significant" {
        case "significant": policy.audiencePolicy.trailingSlash = .significant
        case "ignored": policy.audiencePolicy.trailingSlash = .ignored
        default: throw ValidationError("--trailing-slash must be significant or ignored")
        }
        if !requiredClaims.isEmpty { policy.requiredClaims = requiredClaims }
        for audience in additionalAudiences where audience.isEmpty || audience.contains(where: \.isWhitespace) {
            throw ValidationError(
                "--additional-audience \"\(audience)\": an audience is a URI such as api://notes-mcp, or a client ID")
        }
        policy.audiencePolicy.additionalAudiences = additionalAudiences
        return policy
    }

    /// The report says why keys could not be fetched; the key set's own warning would say it twice.
    static let quiet: Logger = {
        var logger = Logger(label: "gatehouse.jwks")
        logger.logLevel = .critical
        return logger
    }()

    private func makeKeyProvider(issuer: String, fetcher: HTTPKeySetFetcher) async throws -> any KeyProvider {
        if let metadata {
            // Unreachable keys are not a usage error: the signature check reports them, with the 503 a server gives.
            return RemoteKeySet(
                source: .metadataURL(metadata, expectedIssuer: issuer), fetcher: fetcher, logger: Self.quiet)
        }
        if let jwks, jwks.hasPrefix("http://") || jwks.hasPrefix("https://") {
            return RemoteKeySet(source: .keySetURL(jwks), fetcher: fetcher, logger: Self.quiet)
        }
        if let jwks {
            do throws(ConfigurationProblem) {
                let parsed = try KeySetFile.read(jwks, key: "--jwks")
                for skipped in parsed.skipped { print("note: skipped \(skipped)") }
                return StaticKeyProvider(parsed.keySet)
            } catch {
                // A ConfigurationProblem names the flag, the file and the fix.
                throw ValidationError(error.description)
            }
        }
        return StaticKeyProvider(try DevelopmentIssuer(directory: keys ?? "Keys", issuer: issuer).keySet())
    }
}
