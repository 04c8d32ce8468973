import Foundation
import GatehouseTesting
import Testing
import TokenVerification

@Suite("CompactJWS: strict compact serialization (RFC 7515 §7.1)")
struct CompactJWSTests {
    func code(_ token: String, maximumLength: Int = 8192) -> TokenVerificationError.Code? {
        do {
            let jws = try CompactJWS(token, maximumLength: maximumLength)
            _ = try jws.claims()
            return nil
        } catch {
            return error.code
        }
    }

    @Test("accepts a well-formed token")
    func accepts() throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        #expect(code(token) == nil)
    }

    @Test("rejects JWE (five parts), with its own code")
    func rejectsJWE() {
        #expect(code("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d") == .encryptedToken)
    }

    @Test("rejects wrong part counts and empty parts", arguments: ["abc", "a.b", "a.b.c.d", "", "..", ".e30.abc"])
    func rejectsShape(_ token: String) {
        #expect(code(token) == .malformedToken)
    }

    @Test("rejects alg none in any case, and empty signatures")
    func rejectsUnsecured() throws {
        for alg in ["none", "None", "NONE"] {
            let token =
                Base64URL.encode(Array(#"{"alg":"\#(alg)"}"#.utf8)) + "." + Base64URL.encode(Array("{}".utf8)) + "."
            #expect(code(token) == .unsecuredToken)
        }
        let signed = try Fixtures.es256.sign(claims: Fixtures.claims())
        let stripped = signed[..<signed.lastIndex(of: ".")!] + "."
        #expect(code(String(stripped)) == .unsecuredToken)
    }

    @Test("RFC 7515 A.5: the unsecured example is rejected")
    func rfc7515UnsecuredExample() {
        let token =
            "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
        #expect(code(token) == .unsecuredToken)
    }

    @Test("rejects nested JWTs (cty JWT)")
    func rejectsNested() throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims(), header: ["cty": "JWT"])
        #expect(code(token) == .nestedToken)
    }

    @Test("applies the length cap before decoding")
    func lengthCap() {
        let huge = String(repeating: "A", count: 9000) + ".e30.sig"
        #expect(code(huge) == .tokenTooLarge)
        #expect(code("eyJ.e30.abc", maximumLength: 5) == .tokenTooLarge)
    }

    @Test("rejects padding, standard-base64 characters and whitespace in any part")
    func rejectsNonCanonicalBase64() throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let parts = token.split(separator: ".").map(String.init)
        #expect(code(parts[0] + "=." + parts[1] + "." + parts[2]) == .malformedToken)
        #expect(code(parts[0] + "." + parts[1] + " ." + parts[2]) == .malformedToken)
        #expect(
            code(
                parts[0] + "." + parts[1] + "."
                    + parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "+")
                == .malformedToken)
    }

    @Test("rejects headers and payloads that are not unique-member JSON objects")
    func rejectsBadJSON() throws {
        let signer = Fixtures.es256
        #expect(
            code(try Fixtures.signRaw(header: #"{"alg":"ES256","alg":"none"}"#, payload: "{}", signer: signer))
                == .malformedToken)
        #expect(code(try Fixtures.signRaw(header: #"["ES256"]"#, payload: "{}", signer: signer)) == .malformedToken)
        #expect(
            code(try Fixtures.signRaw(header: #"{"alg":"ES256"}"#, payload: #"{"sub":"a","sub":"b"}"#, signer: signer))
                == .malformedToken)
        #expect(
            code(try Fixtures.signRaw(header: #"{"alg":"ES256"}"#, payload: "[1]", signer: signer)) == .malformedToken)
        #expect(code(try Fixtures.signRaw(header: #"{"alg":5}"#, payload: "{}", signer: signer)) == .malformedToken)
        #expect(
            code(try Fixtures.signRaw(header: #"{"alg":"ES256","crit":[]}"#, payload: "{}", signer: signer))
                == .malformedToken)
    }
}
