import Crypto

/// A stable, non-reversible label for a principal in logs: the first 16 hex digits of SHA-256 over
/// `issuer` NUL `subject`. Correlates one user's requests without writing who they are.
enum SubjectDigest {
    static func of(issuer: String, subject: String) -> String {
        var hash = SHA256()
        hash.update(data: Array(issuer.utf8))
        hash.update(data: [0])
        hash.update(data: Array(subject.utf8))
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(16)
        for byte in hash.finalize().prefix(8) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
