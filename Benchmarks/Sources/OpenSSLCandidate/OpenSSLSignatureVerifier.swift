import COpenSSL

/// The "own JWS layer over the system OpenSSL" candidate of decision record 0001: signature verification only,
/// through OpenSSL 3's EVP interface. Measured against swift-crypto (BoringSSL) and jwt-kit; not used by Gatehouse.
public final class OpenSSLSignatureVerifier: @unchecked Sendable {
    /// The signature scheme.
    public enum Scheme: Sendable {
        case rsaPKCS1SHA256
        case ecdsaP256SHA256
        case ed25519
    }

    private let key: OpaquePointer
    private let scheme: Scheme

    /// Loads a PEM SubjectPublicKeyInfo.
    public init?(pem: String, scheme: Scheme) {
        let bytes = Array(pem.utf8)
        guard let bio = bytes.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else { return nil }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PUBKEY(bio, nil, nil, nil) else { return nil }
        self.key = key
        self.scheme = scheme
    }

    deinit { EVP_PKEY_free(key) }

    /// Verifies a JWS signature (raw `R‖S` for ECDSA, as JWS encodes it) over `input`.
    public func verify(signature: [UInt8], input: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let digest: OpaquePointer? = scheme == .ed25519 ? nil : EVP_sha256()
        guard EVP_DigestVerifyInit(context, nil, digest, nil, key) == 1 else { return false }
        let encoded: [UInt8]
        if scheme == .ecdsaP256SHA256 {
            guard signature.count == 64, let der = Self.derSignature(signature) else { return false }
            encoded = der
        } else {
            encoded = signature
        }
        return encoded.withUnsafeBufferPointer { sig in
            input.withUnsafeBufferPointer { data in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, data.baseAddress, data.count) == 1
            }
        }
    }

    private static func derSignature(_ raw: [UInt8]) -> [UInt8]? {
        guard let ecdsa = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(ecdsa) }
        let r = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, 32, nil) }
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + 32, 32, nil) }
        guard ECDSA_SIG_set0(ecdsa, r, s) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 80)
        let length = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = pointer.baseAddress
            return i2d_ECDSA_SIG(ecdsa, &cursor)
        }
        guard length > 0 else { return nil }
        return Array(buffer.prefix(Int(length)))
    }
}
