import Foundation
public import TokenVerification

/// The development issuer: signing keys read from a folder of PEM files (the repository's `Keys/`), for
/// `gatehouse serve`'s embedded default, `gatehouse token mint` and tests. **Never** trust it in production.
public struct DevelopmentIssuer: Sendable {
    /// The issuer identifier used by default.
    public static let defaultIssuer = "http://127.0.0.1:8080/dev-issuer"

    /// The `iss` of tokens it mints.
    public let issuer: String
    /// One signer per key file; the `kid` is the file name without `.pem`.
    public let signers: [TokenSigner]

    /// Loads every `*.pem` in `directory`.
    /// - Throws: ``SigningError`` naming the folder (as an absolute path) or the file, and what to do.
    public init(directory: String, issuer: String = DevelopmentIssuer.defaultIssuer) throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else {
            throw SigningError(
                "no development key folder at \(absolute): run from the Gatehouse repository (its Keys/ folder), "
                    + "or name the folder with --keys (development_keys in a configuration)")
        }
        let files = names.filter { $0.hasSuffix(".pem") }.sorted()
        guard !files.isEmpty else {
            throw SigningError("no .pem files in \(absolute); see Keys/README.md to make development keys")
        }
        signers = try files.map { file in
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                let pem = String(data: data, encoding: .utf8)
            else { throw SigningError("cannot read \(absolute)/\(file): check its permissions") }
            return try TokenSigner(pem: pem, keyID: String(file.dropLast(4)))
        }
        self.issuer = issuer
    }

    /// The signer with this `kid`.
    public func signer(keyID: String) -> TokenSigner? {
        signers.first { $0.keyID == keyID }
    }

    /// The public JWK Set document.
    public var jwks: JSONValue {
        .object(["keys": .array(signers.map { .object($0.publicJWK) })])
    }

    /// The public keys, ready for a verifier.
    public func keySet() throws -> KeySet {
        try JSONWebKeySet.parse(Array(JSONWriter.serialize(jwks).utf8)).keySet
    }

    /// A verifier policy that trusts this issuer (strict RFC 9068 defaults).
    public var policy: IssuerPolicy { IssuerPolicy(issuer: issuer) }
}
