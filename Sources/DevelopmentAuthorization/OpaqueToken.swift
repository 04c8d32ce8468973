import Crypto
import TokenVerification

/// The random strings the development issuer hands out: authorization codes, refresh tokens, consent tickets, client
/// ids and secrets. 32 bytes from the system's secure generator, base64url (256 bits: RFC 6749 §10.10 asks for at
/// least 128 of entropy for anything guessable).
enum OpaqueToken {
    /// A fresh token, optionally with a readable prefix (`gh-dev-code-…`), which carries no entropy of its own.
    static func make(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Base64URL.encode(bytes)
    }

    /// The SHA-256 digest under which a secret is stored, so the stores never hold a usable code, refresh token or
    /// client secret.
    static func digest(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(secret.utf8)))
    }

    /// Whether two digests are equal, in time independent of where they differ.
    static func same(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
