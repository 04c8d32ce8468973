import Crypto
import CryptoExtras
import Foundation

/// Reads one JSON Web Key (RFC 7517, key types of RFC 7518 §6 and RFC 8037 §2) into a ``VerificationKey``.
///
/// Refuses, with a reason, every key that cannot safely verify signatures: encryption keys (`use: enc`), keys
/// whose `key_ops` exclude `verify`, an `alg` of another family, RSA moduli under 2048 bits, EC points not on the
/// named curve or with coordinates of the wrong length, OKP curves other than Ed25519, and symmetric (`oct`)
/// keys unless the caller explicitly allows them.
public enum JSONWebKey {
    /// Why a key was refused.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong with the key.
        public let reason: String
        public var description: String { reason }
        init(_ reason: String) { self.reason = reason }
    }

    /// Parses `jwk`.
    /// - Parameters:
    ///   - jwk: the key's members.
    ///   - allowSymmetric: accept `kty: oct` (only for a secret configured locally, never for a fetched set).
    public static func verificationKey(
        from jwk: [String: JSONValue],
        allowSymmetric: Bool = false
    ) throws(Rejection) -> VerificationKey {
        guard let kty = jwk["kty"]?.stringValue else { throw Rejection("no \"kty\"") }
        let keyID = try optionalString("kid", jwk)
        // A published private key is a compromised key: anyone who read the set can sign with it.
        if kty != "oct", let member = privateMembers.first(where: { jwk[$0] != nil }) {
            throw Rejection("the key publishes private key material (\"\(member)\"); it is compromised")
        }
        if let use = try optionalString("use", jwk), use != "sig" {
            throw Rejection("\"use\" is \"\(use.prefix(16))\", not \"sig\"")
        }
        if let operations = jwk["key_ops"] {
            guard let names = operations.arrayValue?.compactMap(\.stringValue), names.contains("verify") else {
                throw Rejection("\"key_ops\" does not include \"verify\"")
            }
        }
        var algorithm: SignatureAlgorithm?
        if let name = try optionalString("alg", jwk) {
            guard let known = SignatureAlgorithm(name: name) else {
                throw Rejection("\"alg\" \"\(name.prefix(16))\" is not a supported signature algorithm")
            }
            algorithm = known
        }
        let material: VerificationKey.Material
        let thumbprintMembers: [(String, String)]
        switch kty {
        case "RSA":
            let n = try bytes("n", jwk)
            let e = try bytes("e", jwk)
            let modulus = n.drop(while: { $0 == 0 })
            let exponent = e.drop(while: { $0 == 0 })
            // A public exponent must be odd and at least 3 (e = 1 makes every "signature" trivially valid).
            guard !exponent.isEmpty, exponent.count <= 8, exponent.last! & 1 == 1,
                exponent.count > 1 || exponent[exponent.startIndex] >= 3
            else {
                throw Rejection("RSA public exponent is not an odd number of at least 3")
            }
            guard modulus.count * 8 >= 2048 else {
                throw Rejection("RSA modulus is shorter than 2048 bits")
            }
            guard !ROCAFingerprint.matches(modulus: modulus) else {
                throw Rejection("RSA modulus has the ROCA fingerprint (CVE-2017-15361): its private key is recoverable")
            }
            do {
                material = .rsa(try _RSA.Signing.PublicKey(n: Array(modulus), e: Array(exponent)))
            } catch {
                throw Rejection("RSA key is invalid")
            }
            thumbprintMembers = [("e", Base64URL.encode(exponent)), ("kty", "RSA"), ("n", Base64URL.encode(modulus))]
        case "EC":
            guard let curveName = jwk["crv"]?.stringValue, let curve = SignatureAlgorithm.Curve(rawValue: curveName)
            else {
                throw Rejection("EC key has no supported \"crv\" (P-256, P-384, P-521)")
            }
            let x = try bytes("x", jwk)
            let y = try bytes("y", jwk)
            let size: Int
            switch curve {
            case .p256: size = 32
            case .p384: size = 48
            case .p521: size = 66
            }
            guard x.count == size, y.count == size else {
                throw Rejection("EC coordinates must be exactly \(size) bytes for \(curveName)")
            }
            let uncompressed = [0x04] + x + y
            do {
                switch curve {
                case .p256: material = .p256(try P256.Signing.PublicKey(x963Representation: uncompressed))
                case .p384: material = .p384(try P384.Signing.PublicKey(x963Representation: uncompressed))
                case .p521: material = .p521(try P521.Signing.PublicKey(x963Representation: uncompressed))
                }
            } catch {
                throw Rejection("EC point is not on \(curveName)")
            }
            thumbprintMembers = [
                ("crv", curveName), ("kty", "EC"), ("x", Base64URL.encode(x)), ("y", Base64URL.encode(y)),
            ]
        case "OKP":
            guard jwk["crv"]?.stringValue == "Ed25519" else { throw Rejection("OKP key is not Ed25519") }
            let x = try bytes("x", jwk)
            guard x.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else {
                throw Rejection("Ed25519 public key must be 32 bytes")
            }
            material = .ed25519(key)
            thumbprintMembers = [("crv", "Ed25519"), ("kty", "OKP"), ("x", Base64URL.encode(x))]
        case "oct":
            guard allowSymmetric else { throw Rejection("symmetric (\"oct\") keys are not accepted from a key set") }
            let secret = try bytes("k", jwk)
            let minimumBytes = (algorithm?.digestBits ?? 256) / 8
            guard secret.count >= minimumBytes else {
                throw Rejection("HMAC secret is shorter than \(minimumBytes * 8) bits")
            }
            material = .hmac(SymmetricKey(data: secret))
            thumbprintMembers = [("k", Base64URL.encode(secret)), ("kty", "oct")]
        default:
            throw Rejection("unsupported \"kty\" \"\(kty.prefix(16))\"")
        }
        let key = VerificationKey(
            keyID: keyID,
            algorithm: algorithm,
            material: material,
            thumbprint: thumbprint(thumbprintMembers)
        )
        if let algorithm, !key.permits(algorithm) {
            throw Rejection("\"alg\" \(algorithm) does not belong to a \(kty) key")
        }
        return key
    }

    /// JWK members that only private keys have (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2).
    static let privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth"]

    /// RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace.
    static func thumbprint(_ members: [(String, String)]) -> String {
        let json = "{" + members.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
        return Base64URL.encode(SHA256.hash(data: Array(json.utf8)))
    }

    private static func optionalString(_ name: String, _ jwk: [String: JSONValue]) throws(Rejection) -> String? {
        guard let value = jwk[name] else { return nil }
        guard let string = value.stringValue else { throw Rejection("\"\(name)\" is not a string") }
        return string
    }

    private static func bytes(_ name: String, _ jwk: [String: JSONValue]) throws(Rejection) -> [UInt8] {
        guard let encoded = jwk[name]?.stringValue else { throw Rejection("no \"\(name)\"") }
        guard let decoded = Base64URL.decode(encoded), !decoded.isEmpty else {
            throw Rejection("\"\(name)\" is not canonical base64url")
        }
        return decoded
    }
}
