/// A JWS signature algorithm (RFC 7518 §3.1, RFC 8037 §3.1), as named in the `alg` header.
///
/// A struct with static members rather than an enum, so the set can grow without breaking users.
/// `none` has no value here: it can never be configured, so it can never be accepted.
public struct SignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// The `alg` header value.
    public let name: String
    /// The kind of key the algorithm needs.
    public let family: Family
    /// The digest the algorithm signs (for EdDSA: the length class only; Ed25519 hashes internally).
    public let digestBits: Int

    private init(_ name: String, _ family: Family, _ digestBits: Int) {
        self.name = name
        self.family = family
        self.digestBits = digestBits
    }

    public var description: String { name }

    /// RSASSA-PKCS1-v1_5 using SHA-256.
    public static let rs256 = SignatureAlgorithm("RS256", .rsaPKCS1, 256)
    /// RSASSA-PKCS1-v1_5 using SHA-384.
    public static let rs384 = SignatureAlgorithm("RS384", .rsaPKCS1, 384)
    /// RSASSA-PKCS1-v1_5 using SHA-512.
    public static let rs512 = SignatureAlgorithm("RS512", .rsaPKCS1, 512)
    /// RSASSA-PSS using SHA-256, MGF1 with SHA-256, salt length 32 (RFC 7518 §3.5).
    public static let ps256 = SignatureAlgorithm("PS256", .rsaPSS, 256)
    /// RSASSA-PSS using SHA-384, MGF1 with SHA-384, salt length 48.
    public static let ps384 = SignatureAlgorithm("PS384", .rsaPSS, 384)
    /// RSASSA-PSS using SHA-512, MGF1 with SHA-512, salt length 64.
    public static let ps512 = SignatureAlgorithm("PS512", .rsaPSS, 512)
    /// ECDSA using P-256 and SHA-256.
    public static let es256 = SignatureAlgorithm("ES256", .ecdsa(.p256), 256)
    /// ECDSA using P-384 and SHA-384.
    public static let es384 = SignatureAlgorithm("ES384", .ecdsa(.p384), 384)
    /// ECDSA using P-521 and SHA-512.
    public static let es512 = SignatureAlgorithm("ES512", .ecdsa(.p521), 512)
    /// EdDSA (RFC 8037); only the Ed25519 curve is supported.
    public static let edDSA = SignatureAlgorithm("EdDSA", .edDSA, 512)
    /// HMAC using SHA-256. Only usable with a shared secret configured explicitly for an issuer.
    public static let hs256 = SignatureAlgorithm("HS256", .hmac, 256)
    /// HMAC using SHA-384.
    public static let hs384 = SignatureAlgorithm("HS384", .hmac, 384)
    /// HMAC using SHA-512.
    public static let hs512 = SignatureAlgorithm("HS512", .hmac, 512)

    /// Every algorithm this library implements.
    public static let all: [SignatureAlgorithm] = [
        .rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .es256, .es384, .es512, .edDSA, .hs256, .hs384, .hs512,
    ]

    /// The asymmetric algorithms: the default allow-list of an issuer.
    public static let asymmetric: [SignatureAlgorithm] = all.filter { $0.family != .hmac }

    /// Looks an algorithm up by its `alg` name (case-sensitive, RFC 7515 §4.1.1).
    public init?(name: String) {
        switch name {
        case "RS256": self = .rs256
        case "RS384": self = .rs384
        case "RS512": self = .rs512
        case "PS256": self = .ps256
        case "PS384": self = .ps384
        case "PS512": self = .ps512
        case "ES256": self = .es256
        case "ES384": self = .es384
        case "ES512": self = .es512
        case "EdDSA": self = .edDSA
        case "HS256": self = .hs256
        case "HS384": self = .hs384
        case "HS512": self = .hs512
        default: return nil
        }
    }

    /// Key families; an algorithm is only ever used with a key of its own family (RFC 8725 §3.1).
    public enum Family: Sendable, Hashable {
        case rsaPKCS1
        case rsaPSS
        case ecdsa(Curve)
        case edDSA
        case hmac
    }

    /// Elliptic curves for ECDSA.
    public enum Curve: String, Sendable, Hashable {
        case p256 = "P-256"
        case p384 = "P-384"
        case p521 = "P-521"
    }
}
