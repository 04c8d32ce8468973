public import Crypto
public import CryptoExtras
import Foundation
public import TokenVerification

/// A private key of the development issuer (or of a test), read from PEM: RSA, P-256/384/521, Ed25519, or an HMAC
/// secret. This module derives only the **public** side (a JWK for the JWK Set the server publishes); signing lives
/// in `GatehouseTesting`, which the server never imports.
public enum SigningKey: Sendable {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)
    case p521(P521.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)
    case hmac(SymmetricKey)

    /// Reads a PEM private key (PKCS#8 or traditional; RSA, P-256/384/521 or Ed25519).
    /// - Throws: ``DevelopmentKeyError`` when the PEM is none of these.
    public init(pem: String) throws(DevelopmentKeyError) {
        if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            self = .rsa(rsa)
        } else if let p256 = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            self = .p256(p256)
        } else if let p384 = try? P384.Signing.PrivateKey(pemRepresentation: pem) {
            self = .p384(p384)
        } else if let p521 = try? P521.Signing.PrivateKey(pemRepresentation: pem) {
            self = .p521(p521)
        } else if let ed25519 = Self.ed25519(pem: pem) {
            self = .ed25519(ed25519)
        } else {
            throw DevelopmentKeyError("the PEM is not an RSA, EC or Ed25519 private key")
        }
    }

    /// The algorithm a key of this kind signs with by default.
    public var defaultAlgorithm: SignatureAlgorithm {
        switch self {
        case .rsa: .rs256
        case .p256: .es256
        case .p384: .es384
        case .p521: .es512
        case .ed25519: .edDSA
        case .hmac: .hs256
        }
    }

    /// The key's kind, for messages.
    public var kindName: String {
        switch self {
        case .rsa: "RSA"
        case .p256: "P-256"
        case .p384: "P-384"
        case .p521: "P-521"
        case .ed25519: "Ed25519"
        case .hmac: "HMAC"
        }
    }

    /// The public half as a JWK (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2) with `kid`, `alg` and `use: sig`.
    public func publicJWK(keyID: String?, algorithm: SignatureAlgorithm) -> [String: JSONValue] {
        var jwk: [String: JSONValue]
        func coordinates(_ x963: Data, _ size: Int, _ curve: String) -> [String: JSONValue] {
            let bytes = Array(x963.dropFirst())
            return [
                "kty": "EC", "crv": .string(curve),
                "x": .string(Base64URL.encode(bytes[0..<size])), "y": .string(Base64URL.encode(bytes[size...])),
            ]
        }
        switch self {
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

    private static func ed25519(pem: String) -> Curve25519.Signing.PrivateKey? {
        // PKCS#8 Ed25519 (RFC 8410 §7): a fixed 16-byte prefix followed by the 32-byte seed.
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard pem.contains("BEGIN PRIVATE KEY"), let der = Data(base64Encoded: body), der.count == 48,
            Array(der.prefix(16)) == [
                0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
            ]
        else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
    }
}

/// Why development keys could not be loaded: a message naming the folder or file and what to do.
public struct DevelopmentKeyError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
