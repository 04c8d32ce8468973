import Crypto
import GatehouseTesting
import Testing
import TokenVerification

@Suite("Verifier: algorithms, keys and header rules (RFC 8725 §3.1–3.11, RFC 7515 §4.1)")
struct VerifierHeaderRuleTests {
    @Test("accepts valid tokens of every development algorithm", arguments: ["dev-es256", "dev-rs256", "dev-eddsa"])
    func acceptsEachAlgorithm(_ keyID: String) async throws {
        let token = try Fixtures.issuer.signer(keyID: keyID)!.sign(claims: Fixtures.claims())
        let verified = try await Fixtures.verifier().verify(token: token, resource: Fixtures.resource)
        #expect(verified.subject == "alice")
        #expect(verified.keyID == keyID)
        #expect(verified.principal == Principal(issuer: Fixtures.issuerName, subject: "alice"))
    }

    @Test("accepts PS256/384/512 and RS384/512 with an RSA key that has no alg pinned")
    func acceptsRSAVariants() async throws {
        var jwk = Fixtures.rs256.publicJWK
        jwk["alg"] = nil
        let keys = StaticKeyProvider(KeySet([try JSONWebKey.verificationKey(from: jwk)]))
        for algorithm in [SignatureAlgorithm.ps256, .ps384, .ps512, .rs384, .rs512] {
            let token = try Fixtures.rs256.sign(claims: Fixtures.claims(), algorithm: algorithm)
            #expect(await Fixtures.rejection(token, verifier: Fixtures.verifier(keys: keys)) == nil, "\(algorithm)")
        }
    }

    @Test("a key whose JWK pins alg RS256 refuses PS256 signatures")
    func pinnedAlgorithm() async throws {
        let token = try Fixtures.rs256.sign(claims: Fixtures.claims(), algorithm: .ps256)
        #expect(await Fixtures.rejection(token)?.code == .unknownKey)
    }

    @Test("refuses an algorithm outside the issuer's allow-list before touching keys")
    func allowList() async throws {
        let policy = IssuerPolicy(issuer: Fixtures.issuerName, algorithms: [.es256])
        let token = try Fixtures.rs256.sign(claims: Fixtures.claims())
        #expect(
            await Fixtures.rejection(token, verifier: Fixtures.verifier(policy: policy))?.code == .algorithmNotAllowed)
    }

    @Test("refuses unknown algorithm names", arguments: ["ES256K", "RS1", "es256", "HS256 ", #"PS256\u0000"#])
    func unknownAlgorithm(_ name: String) async throws {
        let header = #"{"alg":"\#(name)","typ":"at+jwt","kid":"dev-es256"}"#
        let token = try Fixtures.signRaw(
            header: header, payload: JSONWriter.serialize(.object(Fixtures.claims())), signer: Fixtures.es256,
            algorithm: .es256)
        #expect(await Fixtures.rejection(token)?.code == .algorithmNotAllowed)
    }

    @Test("key confusion: HS256 keyed with the RSA public key is refused")
    func hmacWithPublicKey() async throws {
        // The classic attack: sign with HMAC using the issuer's public key bytes as the secret.
        let publicKeyBytes = Array(Fixtures.rs256.publicJWK["n"]!.stringValue!.utf8)
        let attacker = TokenSigner(
            key: .hmac(SymmetricKey(data: publicKeyBytes)), keyID: "dev-rs256", algorithm: .hs256)
        let token = try attacker.sign(claims: Fixtures.claims())
        // Not on the default allow-list…
        #expect(await Fixtures.rejection(token)?.code == .algorithmNotAllowed)
        // …and even when HS256 is allowed, no RSA key may be used for it.
        let lenient = IssuerPolicy(issuer: Fixtures.issuerName, algorithms: Set(SignatureAlgorithm.all))
        #expect(await Fixtures.rejection(token, verifier: Fixtures.verifier(policy: lenient))?.code == .unknownKey)
    }

    @Test("an RSA key never verifies ES256, an EC key never verifies RS256")
    func crossFamily() async throws {
        let ecToken = try Fixtures.es256.sign(claims: Fixtures.claims(), header: ["kid": "dev-rs256"])
        #expect(await Fixtures.rejection(ecToken)?.code == .unknownKey)
        let rsaToken = try Fixtures.rs256.sign(claims: Fixtures.claims(), header: ["kid": "dev-es256"])
        #expect(await Fixtures.rejection(rsaToken)?.code == .unknownKey)
    }

    @Test("HS256 works only with a secret configured for the issuer, and never below the hash length")
    func configuredSecret() async throws {
        let secret = SymmetricKey(size: .bits256)
        let signer = TokenSigner(key: .hmac(secret), keyID: "shared", algorithm: .hs256)
        let key = try JSONWebKey.verificationKey(from: signer.publicJWK, allowSymmetric: true)
        let policy = IssuerPolicy(issuer: Fixtures.issuerName, algorithms: [.hs256, .hs512])
        let verifier = Fixtures.verifier(policy: policy, keys: StaticKeyProvider(KeySet([key])))
        #expect(await Fixtures.rejection(try signer.sign(claims: Fixtures.claims()), verifier: verifier) == nil)
        // A 256-bit secret is too short for HS512 (RFC 7518 §3.2).
        var unpinned = signer.publicJWK
        unpinned["alg"] = nil
        let loose = Fixtures.verifier(
            policy: policy,
            keys: StaticKeyProvider(KeySet([try JSONWebKey.verificationKey(from: unpinned, allowSymmetric: true)])))
        #expect(
            await Fixtures.rejection(try signer.sign(claims: Fixtures.claims(), algorithm: .hs512), verifier: loose)?
                .code == .unknownKey)
        // A fetched key set never yields symmetric keys.
        #expect(throws: JSONWebKey.Rejection.self) { try JSONWebKey.verificationKey(from: signer.publicJWK) }
    }

    @Test("a token carrying its own key (jwk, jku, x5u, x5c) is verified only with the issuer's keys")
    func embeddedKeysIgnored() async throws {
        let attackerKey = P256.Signing.PrivateKey()
        let attacker = TokenSigner(key: .p256(attackerKey), keyID: "dev-es256")
        let header: [String: JSONValue?] = [
            "jwk": .object(attacker.publicJWK),
            "jku": "https://attacker.example/jwks.json",
            "x5u": "https://attacker.example/cert.pem",
            "x5c": ["MIIB"],
        ]
        let token = try attacker.sign(claims: Fixtures.claims(), header: header)
        #expect(await Fixtures.rejection(token)?.code == .invalidSignature)
        let noKid = try TokenSigner(key: .p256(attackerKey), keyID: nil).sign(claims: Fixtures.claims(), header: header)
        #expect(await Fixtures.rejection(noKid)?.code == .invalidSignature)
    }

    @Test("kid is opaque: path-like and unknown kids find no key")
    func opaqueKeyID() async throws {
        for kid in ["../../../../etc/passwd", "dev-es256\u{0}", "DEV-ES256", "dev-es256 ", "' OR 1=1 --"] {
            let token = try Fixtures.es256.sign(claims: Fixtures.claims(), header: ["kid": .string(kid)])
            #expect(await Fixtures.rejection(token)?.code == .unknownKey, "\(kid)")
        }
    }

    @Test("a token without kid is tried against every key of its family")
    func noKeyID() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims(), header: ["kid": nil])
        #expect(await Fixtures.rejection(token) == nil)
    }

    @Test("a modified signature, header or payload fails")
    func tampering() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        var parts = token.split(separator: ".").map(String.init)
        let original = parts
        parts[2] = String(parts[2].dropLast()) + (parts[2].last == "A" ? "Q" : "A")
        #expect(await Fixtures.rejection(parts.joined(separator: "."))?.code != nil)
        parts = original
        parts[1] = Base64URL.encode(Array(JSONWriter.serialize(.object(Fixtures.claims(scopes: ["admin"]))).utf8))
        #expect(await Fixtures.rejection(parts.joined(separator: "."))?.code == .invalidSignature)
    }

    @Test("crit: unknown extensions are refused, understood ones pass")
    func critical() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims(), header: ["crit": ["exp"], "exp": 1])
        #expect(await Fixtures.rejection(token)?.code == .unsupportedCriticalHeader)
        let policy = IssuerPolicy(issuer: Fixtures.issuerName, understoodCriticalHeaders: ["exp"])
        #expect(await Fixtures.rejection(token, verifier: Fixtures.verifier(policy: policy)) == nil)
    }

    @Test("typ: at+jwt required by default; relaxations are explicit; other token types never pass")
    func type() async throws {
        func token(_ typ: JSONValue?) throws -> String {
            try Fixtures.es256.sign(claims: Fixtures.claims(), header: ["typ": typ])
        }
        let strict = Fixtures.verifier()
        let untyped = Fixtures.verifier(
            policy: IssuerPolicy(issuer: Fixtures.issuerName, typePolicy: .accessTokenOrUntyped))
        let jwt = Fixtures.verifier(policy: IssuerPolicy(issuer: Fixtures.issuerName, typePolicy: .accessTokenOrJWT))
        #expect(await Fixtures.rejection(try token("at+jwt"), verifier: strict) == nil)
        #expect(await Fixtures.rejection(try token("application/AT+JWT"), verifier: strict) == nil)
        #expect(await Fixtures.rejection(try token(nil), verifier: strict)?.code == .invalidType)
        #expect(await Fixtures.rejection(try token("JWT"), verifier: strict)?.code == .invalidType)
        #expect(await Fixtures.rejection(try token(nil), verifier: untyped) == nil)
        #expect(await Fixtures.rejection(try token("JWT"), verifier: untyped)?.code == .invalidType)
        #expect(await Fixtures.rejection(try token("JWT"), verifier: jwt) == nil)
        for other in ["dpop+jwt", "logout+jwt", "secevent+jwt", "id_token", "application/jwt+at"] {
            #expect(
                await Fixtures.rejection(try token(.string(other)), verifier: jwt)?.code == .invalidType, "\(other)")
        }
        #expect(await Fixtures.rejection(try token(5), verifier: jwt)?.code == .malformedToken)
    }

    @Test("the issuer is looked up by exact iss")
    func issuer() async throws {
        for iss in ["https://issuer.test/", "HTTPS://issuer.test", "https://issuer.test ", "https://evil.test"] {
            let token = try Fixtures.es256.sign(claims: Fixtures.claims(extra: ["iss": .string(iss)]))
            #expect(await Fixtures.rejection(token)?.code == .unknownIssuer, "\(iss)")
        }
        let missing = try Fixtures.es256.sign(claims: Fixtures.claims(extra: ["iss": nil]).filter { $0.value != .null })
        #expect(await Fixtures.rejection(missing)?.code == .unknownIssuer)
        let number = try Fixtures.es256.sign(claims: Fixtures.claims(extra: ["iss": 7]))
        #expect(await Fixtures.rejection(number)?.code == .invalidClaim)
    }

    @Test("tokens over the configured length are refused before any work")
    func tokenLength() async throws {
        let padded = try Fixtures.es256.sign(
            claims: Fixtures.claims(extra: ["pad": .string(String(repeating: "x", count: 9000))]))
        #expect(await Fixtures.rejection(padded)?.code == .tokenTooLarge)
    }
}
