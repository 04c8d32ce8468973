import Crypto
import CryptoExtras
@_exported public import DevelopmentKeys
public import TokenVerification

/// Signs JWTs with a private key, for tests and development tokens. **Never** a production issuer.
///
/// ```swift
/// let signer = try TokenSigner(pem: pemText, keyID: "dev-es256")
/// let token = try signer.sign(claims: TestClaims(issuer: "https://dev", audience: "http://127.0.0.1:8080/mcp").json)
/// ```
public struct TokenSigner: Sendable {
    /// A private signing key (``SigningKey`` of `DevelopmentKeys`, which loads and publishes keys but never signs).
    public typealias PrivateKey = SigningKey

    /// The key.
    public let key: PrivateKey
    /// The `kid` written into headers.
    public let keyID: String?
    /// The default algorithm for the key.
    public let algorithm: SignatureAlgorithm

    /// Creates a signer.
    public init(key: PrivateKey, keyID: String?, algorithm: SignatureAlgorithm? = nil) {
        self.key = key
        self.keyID = keyID
        self.algorithm = algorithm ?? key.defaultAlgorithm
    }

    /// Reads a PEM private key (PKCS#8 or traditional; RSA, P-256/384/521 or Ed25519).
    public init(pem: String, keyID: String?, algorithm: SignatureAlgorithm? = nil) throws {
        self.init(key: try SigningKey(pem: pem), keyID: keyID, algorithm: algorithm)
    }

    /// Signs `claims` with `header` members added to `alg`/`kid`/`typ` (which `header` may override or remove
    /// by mapping them to `nil`).
    public func sign(
        claims: [String: JSONValue], header: [String: JSONValue?] = [:], algorithm: SignatureAlgorithm? = nil
    ) throws -> String {
        let algorithm = algorithm ?? self.algorithm
        var members: [String: JSONValue] = ["alg": .string(algorithm.name), "typ": .string("at+jwt")]
        if let keyID { members["kid"] = .string(keyID) }
        for (name, value) in header { members[name] = value }
        let input =
            Base64URL.encode(Array(JSONWriter.serialize(.object(members)).utf8)) + "."
            + Base64URL.encode(Array(JSONWriter.serialize(.object(claims)).utf8))
        let signature = try signature(for: Array(input.utf8), algorithm: algorithm)
        return input + "." + Base64URL.encode(signature)
    }

    /// Signs raw bytes with `algorithm` (raw R||S for ECDSA, as JWS requires).
    public func signature(for input: [UInt8], algorithm: SignatureAlgorithm) throws -> [UInt8] {
        switch (key, algorithm.family) {
        case (.rsa(let rsa), .rsaPKCS1), (.rsa(let rsa), .rsaPSS):
            let padding: _RSA.Signing.Padding = algorithm.family == .rsaPSS ? .PSS : .insecurePKCS1v1_5
            switch algorithm.digestBits {
            case 256: return Array(try rsa.signature(for: SHA256.hash(data: input), padding: padding).rawRepresentation)
            case 384: return Array(try rsa.signature(for: SHA384.hash(data: input), padding: padding).rawRepresentation)
            default: return Array(try rsa.signature(for: SHA512.hash(data: input), padding: padding).rawRepresentation)
            }
        case (.p256(let ec), .ecdsa(.p256)): return Array(try ec.signature(for: input).rawRepresentation)
        case (.p384(let ec), .ecdsa(.p384)): return Array(try ec.signature(for: input).rawRepresentation)
        case (.p521(let ec), .ecdsa(.p521)): return Array(try ec.signature(for: input).rawRepresentation)
        case (.ed25519(let ed), .edDSA): return Array(try ed.signature(for: input))
        case (.hmac(let secret), .hmac):
            switch algorithm.digestBits {
            case 256: return Array(HMAC<SHA256>.authenticationCode(for: input, using: secret))
            case 384: return Array(HMAC<SHA384>.authenticationCode(for: input, using: secret))
            default: return Array(HMAC<SHA512>.authenticationCode(for: input, using: secret))
            }
        default:
            throw SigningError("a \(key.kindName) key cannot sign \(algorithm)")
        }
    }

    /// The public half as a JWK (with `kid`, `alg` and `use: sig`).
    public var publicJWK: [String: JSONValue] { key.publicJWK(keyID: keyID, algorithm: algorithm) }
}

/// Why signing failed.
public struct SigningError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
