import Foundation
import Testing
import TokenVerification

/// Published test vectors: RFC 7515 appendix A, RFC 8037 A.4, and Wycheproof (RFC 7520 §4 is inside
/// Wycheproof's `json_web_signature_test.json` as Figures 13, 20, 27 and 35).
@Suite("Published vectors: RFC 7515, RFC 8037, Wycheproof")
struct PublishedVectorTests {
    /// Verifies a compact JWS against a key set at the JWS layer (no JWT claim rules: the vectors' payloads are
    /// not claim sets).
    static func verifiesJWS(_ jws: String, keys: KeySet) -> Bool {
        guard let parsed = try? CompactJWS(jws), parsed.header.critical.isEmpty,
            let algorithm = SignatureAlgorithm(name: parsed.header.algorithmName)
        else { return false }
        return keys.candidates(keyID: parsed.header.keyID, algorithm: algorithm).contains {
            $0.isValidSignature(parsed.signature, for: parsed.signingInput, algorithm: algorithm)
        }
    }

    static func key(_ jwk: [String: JSONValue]) throws -> KeySet {
        KeySet([try JSONWebKey.verificationKey(from: jwk)])
    }

    @Test("RFC 7515 A.2 (RS256) verifies")
    func rfc7515RS256() throws {
        let keys = try Self.key([
            "kty": "RSA",
            "n":
                "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
            "e": "AQAB",
        ])
        let token =
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
        #expect(Self.verifiesJWS(token, keys: keys))
        #expect(!Self.verifiesJWS(token.replacingOccurrences(of: "eyJpc3Mi", with: "eyJpc3Ni"), keys: keys))
    }

    @Test("RFC 7515 A.3 (ES256) verifies; one byte less is refused")
    func rfc7515ES256() throws {
        let keys = try Self.key([
            "kty": "EC", "crv": "P-256",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        ])
        let token =
            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
        #expect(Self.verifiesJWS(token, keys: keys))
        let parts = token.split(separator: ".")
        let signature = Base64URL.decode(String(parts[2]))!
        #expect(!Self.verifiesJWS("\(parts[0]).\(parts[1]).\(Base64URL.encode(signature.dropLast()))", keys: keys))
    }

    @Test("RFC 7515 A.4 (ES512, P-521) verifies")
    func rfc7515ES512() throws {
        let keys = try Self.key([
            "kty": "EC", "crv": "P-521",
            "x": "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
            "y": "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
        ])
        let token =
            "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn"
        #expect(Self.verifiesJWS(token, keys: keys))
        #expect(!Self.verifiesJWS(token.replacingOccurrences(of: "UGF5bG9hZA", with: "UGF5bG9hZB"), keys: keys))
    }

    @Test("RFC 8037 A.4 (Ed25519) verifies")
    func rfc8037EdDSA() throws {
        let keys = try Self.key(["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"])
        let token =
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        #expect(Self.verifiesJWS(token, keys: keys))
    }

    // MARK: Wycheproof

    struct Outcome {
        var checked = 0
        var mismatches: [String] = []
    }

    static func load(_ name: String) throws -> [[String: Any]] {
        let data = try Fixtures.vector("wycheproof/\(name).json")
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return root["testGroups"] as! [[String: Any]]
    }

    static func jsonValue(_ any: Any) -> JSONValue {
        switch any {
        case let string as String: return .string(string)
        case let array as [Any]: return .array(array.map(jsonValue))
        case let object as [String: Any]: return .object(object.mapValues(jsonValue))
        case let number as NSNumber: return .number(number.stringValue)
        default: return .null
        }
    }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test(
        "Wycheproof signature primitives: valid verifies, invalid fails",
        arguments: [
            ("ecdsa_secp256r1_sha256_p1363_test", SignatureAlgorithm.es256, "publicKeyJwk"),
            ("ecdsa_secp384r1_sha384_p1363_test", .es384, "publicKeyJwk"),
            ("ecdsa_secp521r1_sha512_p1363_test", .es512, "publicKeyJwk"),
            ("rsa_signature_2048_sha256_test", .rs256, "publicKeyJwk"),
            ("rsa_pss_2048_sha256_mgf1_32_test", .ps256, "publicKeyJwk"),
            ("ed25519_test", .edDSA, "publicKeyJwk"),
        ]
    )
    func primitives(_ file: String, _ algorithm: SignatureAlgorithm, _ keyField: String) throws {
        var outcome = Outcome()
        for group in try Self.load(file) {
            let published: Any? = group[keyField] ?? group["keyJwk"]
            var jwk = published.flatMap { Self.jsonValue($0).objectValue } ?? Self.ecJWK(group)
            jwk["alg"] = nil
            // A key the JWK layer refuses (a point off the curve, say) can verify nothing.
            let key = try? JSONWebKey.verificationKey(from: jwk)
            for test in group["tests"] as! [[String: Any]] {
                let result = test["result"] as! String
                let valid =
                    key?.isValidSignature(
                        Self.hex(test["sig"] as! String), for: ArraySlice(Self.hex(test["msg"] as! String)),
                        algorithm: algorithm) ?? false
                outcome.checked += 1
                // "acceptable" (only rsa_signature_2048_sha256 tcId 8, a PKCS#1 DigestInfo missing its NULL, a
                // legacy encoding): we refuse it, like "invalid" (docs/security.md).
                if result == "valid" && !valid || (result == "invalid" || result == "acceptable") && valid {
                    outcome.mismatches.append("tcId \(test["tcId"]!) \(test["comment"]!) expected \(result)")
                }
            }
        }
        #expect(outcome.checked > 100)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
    }

    /// Builds an EC JWK from a group's uncompressed public point, for groups that ship no JWK.
    static func ecJWK(_ group: [String: Any]) -> [String: JSONValue] {
        let publicKey = group["publicKey"] as! [String: Any]
        let point = hex(publicKey["uncompressed"] as! String).dropFirst()
        let size = point.count / 2
        let curve = ["secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"][publicKey["curve"] as! String]!
        return [
            "kty": "EC", "crv": .string(curve),
            "x": .string(Base64URL.encode(point.prefix(size))), "y": .string(Base64URL.encode(point.suffix(size))),
        ]
    }

    /// Deliberate strictness beyond the vectors (documented in docs/security.md): these "valid" vectors are refused.
    static let strictlyRefused: Set<String> = [
        // A base64url character outside the alphabet inserted into a part: we never skip characters.
        "InvalidCharacterInsertedInHeader", "InvalidCharacterInsertedInPayload",
    ]

    /// Vectors refused on purpose, by tcId, with the reason (also in docs/security.md):
    /// - 346, 350 (RFC 7520 Figure 20): a PS384 token checked against a JWK whose `alg` is PS256. We honour the
    ///   JWK's `alg` (RFC 7517 §4.4), so the key may not verify PS384.
    /// - 347, 351 (RFC 7520 Figure 27): the JWK's `alg` is "ES521", which is no algorithm; the key is refused.
    static let refusedByKeyPolicy: Set<Int> = [346, 347, 350, 351]

    /// 367 and 370 are byte-for-byte the token of 357 ("ValidMac") under the same key, marked invalid: the file
    /// contradicts itself (the padding they describe was evidently lost). They cannot be satisfied together; 357 wins.
    static let contradictory: Set<Int> = [367, 370]

    @Test("Wycheproof whole-token JWS vectors")
    func jsonWebSignature() throws {
        var outcome = Outcome()
        for group in try Self.load("json_web_signature_test") {
            guard let keyDocument = group["public"] ?? group["private"],
                var jwk = Self.jsonValue(keyDocument).objectValue
            else { continue }
            for member in ["d", "p", "q", "dp", "dq", "qi"] { jwk[member] = nil }
            let key = try? JSONWebKey.verificationKey(from: jwk, allowSymmetric: true)
            for test in group["tests"] as! [[String: Any]] {
                let comment = test["comment"] as! String
                let expected = test["result"] as! String
                let valid = key.map { Self.verifiesJWS(test["jws"] as! String, keys: KeySet([$0])) } ?? false
                outcome.checked += 1
                let id = test["tcId"] as! Int
                if expected == "valid" && !valid && Self.strictlyRefused.contains(comment) { continue }
                if expected == "valid" && !valid && Self.refusedByKeyPolicy.contains(id) { continue }
                if Self.contradictory.contains(id) { continue }
                if expected == "valid" && !valid || expected == "invalid" && valid {
                    outcome.mismatches.append(
                        "tcId \(test["tcId"]!) \(comment) expected \(expected) (key \(key == nil ? "refused" : "loaded"))"
                    )
                }
            }
        }
        #expect(outcome.checked > 300)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
    }

    @Test("Wycheproof key-set vectors: ambiguous, weak and misused keys never verify")
    func jsonWebKey() throws {
        var outcome = Outcome()
        for group in try Self.load("json_web_key_test") {
            let document = try #require(group["public"] ?? group["private"])
            let bytes = try JSONSerialization.data(withJSONObject: document)
            let keys = (try? JSONWebKeySet.parse(Array(bytes), allowSymmetric: true).keySet) ?? .empty
            for test in group["tests"] as! [[String: Any]] {
                let expected = test["result"] as! String
                let valid = Self.verifiesJWS(test["jws"] as! String, keys: keys)
                outcome.checked += 1
                if expected == "valid" && !valid || expected == "invalid" && valid {
                    outcome.mismatches.append("tcId \(test["tcId"]!) \(test["comment"]!) expected \(expected)")
                }
            }
        }
        #expect(outcome.checked == 26)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
    }
}
