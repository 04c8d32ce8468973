import Foundation
public import TokenVerification

/// The development issuer's keys: every `*.pem` in a folder (the repository's `Keys/`), the `kid` of each being its
/// file name without `.pem`. What a server needs of them — the public JWK Set it publishes and verifies with — and
/// nothing that signs. **Never** trust these keys in production: they are public.
public struct DevelopmentKeyFolder: Sendable {
    /// One key and its `kid`.
    public struct Key: Sendable {
        /// The `kid` (the file name without `.pem`).
        public let keyID: String
        /// The private key.
        public let key: SigningKey
    }

    /// The folder, as an absolute path.
    public let directory: String
    /// The keys, ordered by file name.
    public let keys: [Key]

    /// Loads every `*.pem` in `directory`.
    /// - Throws: ``DevelopmentKeyError`` naming the folder (as an absolute path) or the file, and what to do.
    public init(directory: String) throws(DevelopmentKeyError) {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else {
            throw DevelopmentKeyError(
                "no development key folder at \(absolute): run from the Gatehouse repository (its Keys/ folder), "
                    + "or name the folder with --keys (development_keys in a configuration)")
        }
        let files = names.filter { $0.hasSuffix(".pem") }.sorted()
        guard !files.isEmpty else {
            throw DevelopmentKeyError("no .pem files in \(absolute); see Keys/README.md to make development keys")
        }
        var keys: [Key] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                let pem = String(data: data, encoding: .utf8)
            else { throw DevelopmentKeyError("cannot read \(absolute)/\(file): check its permissions") }
            do {
                keys.append(Key(keyID: String(file.dropLast(4)), key: try SigningKey(pem: pem)))
            } catch {
                throw DevelopmentKeyError("\(absolute)/\(file): \(error.message)")
            }
        }
        self.directory = absolute
        self.keys = keys
    }

    /// The public JWK Set document (RFC 7517 §5).
    public var jwks: JSONValue {
        .object([
            "keys": .array(keys.map { .object($0.key.publicJWK(keyID: $0.keyID, algorithm: $0.key.defaultAlgorithm)) })
        ])
    }

    /// The public keys, ready for a verifier.
    public func keySet() throws -> KeySet {
        try JSONWebKeySet.parse(Array(JSONWriter.serialize(jwks).utf8)).keySet
    }
}
