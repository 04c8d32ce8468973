import CJWT
import Crypto
import CryptoExtras
import Foundation
import GatehouseTesting
import Testing
import TokenVerification

/// Differential test against libjwt 1.10 (Debian's libjwt-dev), an independent C implementation over OpenSSL.
///
/// For every token in the corpus whose algorithm libjwt supports (RS*, ES*), both must agree on signature
/// validity. libjwt refuses any `typ` but `JWT` (see ../shared/reference/libjwt.md), so the corpus is signed with
/// `typ: JWT`; the `at+jwt` rule is ours alone and tested elsewhere. HMAC is left out on purpose: libjwt keys HMAC
/// with whatever bytes it is given, including a PEM public key — the confusion our verifier refuses by design.
@Suite("libjwt differential: Gatehouse and libjwt agree on every signature")
struct LibJWTDifferentialTests {
    static func libjwtVerifies(_ token: String, pem: String) -> Bool {
        var jwt: OpaquePointer?
        let rc = pem.withCString { key in
            key.withMemoryRebound(to: UInt8.self, capacity: strlen(key)) { bytes in
                jwt_decode(&jwt, token, bytes, Int32(strlen(key)))
            }
        }
        jwt_free(jwt)
        return rc == 0
    }

    struct Signer {
        let signer: TokenSigner
        let algorithms: [SignatureAlgorithm]
        let pem: String
    }

    static func signers() throws -> [Signer] {
        let rsaPEM = try String(contentsOfFile: Fixtures.repositoryRoot + "/Keys/dev-rs256.pem", encoding: .utf8)
        let rsa = try _RSA.Signing.PrivateKey(pemRepresentation: rsaPEM)
        let p256 = P256.Signing.PrivateKey()
        let p384 = P384.Signing.PrivateKey()
        let p521 = P521.Signing.PrivateKey()
        return [
            Signer(
                signer: TokenSigner(key: .rsa(rsa), keyID: nil), algorithms: [.rs256, .rs384, .rs512],
                pem: rsa.publicKey.pemRepresentation),
            Signer(
                signer: TokenSigner(key: .p256(p256), keyID: nil), algorithms: [.es256],
                pem: p256.publicKey.pemRepresentation),
            Signer(
                signer: TokenSigner(key: .p384(p384), keyID: nil), algorithms: [.es384],
                pem: p384.publicKey.pemRepresentation),
            Signer(
                signer: TokenSigner(key: .p521(p521), keyID: nil), algorithms: [.es512],
                pem: p521.publicKey.pemRepresentation),
        ]
    }

    /// Valid tokens and signature mutations of them.
    static func corpus(_ signer: Signer, _ algorithm: SignatureAlgorithm) throws -> [(String, String)] {
        let token = try signer.signer.sign(
            claims: Fixtures.claims(), header: ["typ": "JWT", "kid": nil], algorithm: algorithm)
        let cut = token.lastIndex(of: ".")!
        let input = String(token[..<cut])
        let signature = Base64URL.decode(String(token[token.index(after: cut)...]))!
        func with(_ bytes: [UInt8]) -> String { input + "." + Base64URL.encode(bytes) }
        var cases: [(String, String)] = [("valid", token)]
        for position in [0, signature.count / 2, signature.count - 1] {
            var flipped = signature
            flipped[position] ^= 0x01
            cases.append(("bit flip at \(position)", with(flipped)))
        }
        cases.append(("truncated", with(Array(signature.dropLast()))))
        cases.append(("extended", with(signature + [0])))
        cases.append(("zeros", with([UInt8](repeating: 0, count: signature.count))))
        cases.append(
            (
                "other payload",
                Base64URL.encode(Array(#"{"alg":"\#(algorithm)","typ":"JWT"}"#.utf8)) + "."
                    + Base64URL.encode(Array(#"{"sub":"mallory"}"#.utf8)) + "." + Base64URL.encode(signature)
            ))
        if case .ecdsa = algorithm.family {
            let half = signature.count / 2
            cases.append(("r = 0", with([UInt8](repeating: 0, count: half) + signature[half...])))
            cases.append(("s = 0", with(Array(signature[..<half]) + [UInt8](repeating: 0, count: half))))
            cases.append(("swapped r and s", with(Array(signature[half...]) + signature[..<half])))
            if algorithm == .es256 {
                cases.append(
                    (
                        "DER",
                        with(Array(try P256.Signing.ECDSASignature(rawRepresentation: signature).derRepresentation))
                    ))
                let highS =
                    Array(signature[..<32])
                    + ECDSASignatureTests.subtract(ECDSASignatureTests.order, Array(signature[32...]))
                cases.append(("high S", with(highS)))
            }
        }
        let stranger = try Self.signers().first { $0.algorithms.contains(algorithm) }!
        cases.append(
            (
                "another key",
                try stranger.signer.sign(
                    claims: Fixtures.claims(), header: ["typ": "JWT", "kid": nil], algorithm: algorithm)
            ))
        return cases
    }

    @Test("both verifiers agree on every token in the corpus")
    func agree() throws {
        var compared = 0
        var disagreements: [String] = []
        for signer in try Self.signers() {
            let key = try JSONWebKey.verificationKey(from: signer.signer.publicJWK.filter { $0.key != "alg" })
            for algorithm in signer.algorithms {
                for (name, token) in try Self.corpus(signer, algorithm) {
                    let ours = PublishedVectorTests.verifiesJWS(token, keys: KeySet([key]))
                    let theirs = Self.libjwtVerifies(token, pem: signer.pem)
                    compared += 1
                    if ours != theirs {
                        disagreements.append("\(algorithm) \(name): gatehouse \(ours), libjwt \(theirs)")
                    }
                }
            }
        }
        #expect(compared > 60)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    @Test("libjwt itself refuses typ at+jwt (why the corpus uses typ JWT)")
    func libjwtRefusesAccessTokenType() throws {
        let signer = try Self.signers()[1]
        let token = try signer.signer.sign(claims: Fixtures.claims(), header: ["kid": nil])
        #expect(!Self.libjwtVerifies(token, pem: signer.pem))
        #expect(
            PublishedVectorTests.verifiesJWS(
                token, keys: KeySet([try JSONWebKey.verificationKey(from: signer.signer.publicJWK)])))
    }
}
