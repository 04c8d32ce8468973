import Crypto

/// A stable, non-reversible label for a principal in logs: the first 16 hex digits of SHA-256 over
/// `issuer` NUL `subject`. Correlates one user's requests without writing who they are.
enum SubjectDigest {
    static func of(issuer: String, subject: String) -> String {
        let digest = SHA256.hash(data: Array(issuer.utf8) + [0] + Array(subject.utf8))
        return digest.prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
