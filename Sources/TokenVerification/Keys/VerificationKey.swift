public import Crypto
public import CryptoExtras
import Foundation

/// A public key (or, only when configured explicitly, an HMAC secret) that verifies JWS signatures.
///
/// Built once when a key set is loaded, so the per-request path does no key parsing. A key only verifies
/// algorithms of its own family (RFC 8725 §3.1: no HMAC with a public key, no RSA key for ES256), and honours
/// the JWK `alg`, `use` and `key_ops` it was published with (RFC 7517 §4.2–4.4).
public struct VerificationKey: Sendable {
    /// The key material.
    public enum Material: Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
        /// A shared secret; never read from a fetched key set, only from explicit issuer configuration.
        case hmac(SymmetricKey)
    }

    /// `kid`, if the key has one.
    public let keyID: String?
    /// The only algorithm this key may be used with, when the JWK says (`alg`).
    public let algorithm: SignatureAlgorithm?
    /// The key material.
    public let material: Material
    /// The RFC 7638 JWK SHA-256 thumbprint (base64url): identifies the key material itself.
    public let thumbprint: String

    /// Creates a key.
    /// - Parameters:
    ///   - keyID: the `kid` the key is published under.
    ///   - algorithm: restricts the key to one algorithm.
    ///   - material: the key.
    ///   - thumbprint: RFC 7638 thumbprint; see ``JSONWebKey``.
    public init(keyID: String?, algorithm: SignatureAlgorithm?, material: Material, thumbprint: String) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.material = material
        self.thumbprint = thumbprint
    }

    /// Whether this key may verify signatures made with `candidate`.
    public func permits(_ candidate: SignatureAlgorithm) -> Bool {
        if let algorithm, algorithm != candidate { return false }
        switch (material, candidate.family) {
        case (.rsa, .rsaPKCS1), (.rsa, .rsaPSS): return true
        case (.p256, .ecdsa(.p256)), (.p384, .ecdsa(.p384)), (.p521, .ecdsa(.p521)): return true
        case (.ed25519, .edDSA): return true
        case (.hmac(let secret), .hmac):
            // RFC 7518 §3.2: the key must be at least as long as the hash output.
            return secret.bitCount >= candidate.digestBits
        default: return false
        }
    }

    /// Verifies `signature` over `signingInput` with `algorithm`.
    ///
    /// Returns `false` (never throws, never crashes) for a signature of the wrong length or encoding: ECDSA
    /// signatures must be the raw `R || S` form of exactly twice the coordinate size (RFC 7518 §3.4), so DER is
    /// refused; `r` or `s` of zero or not below the group order fail inside BoringSSL's range checks.
    public func isValidSignature(
        _ signature: [UInt8],
        for signingInput: ArraySlice<UInt8>,
        algorithm: SignatureAlgorithm
    ) -> Bool {
        guard permits(algorithm) else { return false }
        switch material {
        case .rsa(let key):
            let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
            let padding: _RSA.Signing.Padding = algorithm.family == .rsaPSS ? .PSS : .insecurePKCS1v1_5
            switch algorithm.digestBits {
            case 256: return key.isValidSignature(rsaSignature, for: SHA256.hash(data: signingInput), padding: padding)
            case 384: return key.isValidSignature(rsaSignature, for: SHA384.hash(data: signingInput), padding: padding)
            default: return key.isValidSignature(rsaSignature, for: SHA512.hash(data: signingInput), padding: padding)
            }
        case .p256(let key):
            guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: signingInput)
        case .p384(let key):
            guard let ecdsa = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: signingInput)
        case .p521(let key):
            guard let ecdsa = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: signingInput)
        case .ed25519(let key):
            guard signature.count == 64 else { return false }
            return key.isValidSignature(signature, for: signingInput)
        case .hmac(let secret):
            switch algorithm.digestBits {
            case 256:
                return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: secret)
            case 384:
                return HMAC<SHA384>.isValidAuthenticationCode(signature, authenticating: signingInput, using: secret)
            default:
                return HMAC<SHA512>.isValidAuthenticationCode(signature, authenticating: signingInput, using: secret)
            }
        }
    }
}

extension VerificationKey {
    /// The key type, for duplicate-`kid` detection and messages.
    var familyName: String {
        switch material {
        case .rsa: return "RSA"
        case .p256, .p384, .p521: return "EC"
        case .ed25519: return "OKP"
        case .hmac: return "oct"
        }
    }
}
