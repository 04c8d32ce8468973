public import Crypto
public import CryptoExtras
import Foundation
public import TokenVerification

/// Signs JWTs with a private key, for tests and development tokens. **Never** a production issuer.
///
/// ```swift
/// let signer = try TokenSigner(pem: pemText, keyID: "dev-es256")
/// let token = try signer.sign(claims: TestClaims(issuer: "https://dev", audience: "http://127.0.0.1:8080/mcp").json)
/// ```
public struct TokenSigner: Sendable {
    /// A private signing key.
    public enum PrivateKey: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
        case hmac(SymmetricKey)
    }

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
        self.algorithm = algorithm ?? Self.defaultAlgorithm(for: key)
    }

    /// Reads a PEM private key (PKCS#8 or traditional; RSA, P-256/384/521 or Ed25519).
    public init(pem: String, keyID: String?, algorithm: SignatureAlgorithm? = nil) throws {
        let key: PrivateKey
        if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            key = .rsa(rsa)
        } else if let p256 = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            key = .p256(p256)
        } else if let p384 = try? P384.Signing.PrivateKey(pemRepresentation: pem) {
            key = .p384(p384)
        } else if let p521 = try? P521.Signing.PrivateKey(pemRepresentation: pem) {
            key = .p521(p521)
        } else if let ed25519 = try Self.ed25519(pem: pem) {
            key = .ed25519(ed25519)
        } else {
            throw SigningError("the PEM is not an RSA, EC or Ed25519 private key")
        }
        self.init(key: key, keyID: keyID, algorithm: algorithm)
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
    public var publicJWK: [String: JSONValue] {
        var jwk: [String: JSONValue]
        func coordinates(_ x963: Data, _ size: Int, _ curve: String) -> [String: JSONValue] {
            let bytes = Array(x963.dropFirst())
            return [
                "kty": "EC", "crv": .string(curve),
                "x": .string(Base64URL.encode(bytes[0..<size])), "y": .string(Base64URL.encode(bytes[size...])),
            ]
        }
        switch key {
        case .rsa(let rsa):
            let primitives = try! rsa.publicKey.getKeyPrimitives()
            jwk = [
                "kty": "RSA", "n": .string(Base64URL.encode(primitives.modulus)),
                "e": .string(Base64URL.encode(primitives.publicExponent)),
            ]
        case .p256(let ec): jwk = coordinates(ec.publicKey.x963Representation, 32, "P-256")
        case .p384(let ec): jwk = coordinates(ec.publicKey.x963Representation, 48, "P-384")
        case .p521(let ec): jwk = coordinates(ec.publicKey.x963Representation, 66, "P-521")
        case .ed25519(let ed):
            jwk = ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(ed.publicKey.rawRepresentation))]
        case .hmac(let secret):
            jwk = ["kty": "oct", "k": .string(secret.withUnsafeBytes { Base64URL.encode($0) })]
        }
        if let keyID { jwk["kid"] = .string(keyID) }
        jwk["alg"] = .string(algorithm.name)
        jwk["use"] = "sig"
        return jwk
    }

    static func defaultAlgorithm(for key: PrivateKey) -> SignatureAlgorithm {
        switch key {
        case .rsa: return .rs256
        case .p256: return .es256
        case .p384: return .es384
        case .p521: return .es512
        case .ed25519: return .edDSA
        case .hmac: return .hs256
        }
    }

    private static func ed25519(pem: String) throws -> Curve25519.Signing.PrivateKey? {
        // PKCS#8 Ed25519 (RFC 8410): a fixed 16-byte prefix followed by the 32-byte seed.
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard pem.contains("BEGIN PRIVATE KEY"), let der = Data(base64Encoded: body), der.count == 48,
            Array(der.prefix(16)) == [
                0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
            ]
        else { return nil }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
    }
}

extension TokenSigner.PrivateKey {
    var kindName: String {
        switch self {
        case .rsa: return "RSA"
        case .p256: return "P-256"
        case .p384: return "P-384"
        case .p521: return "P-521"
        case .ed25519: return "Ed25519"
        case .hmac: return "HMAC"
        }
    }
}

/// Why signing failed.
public struct SigningError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
