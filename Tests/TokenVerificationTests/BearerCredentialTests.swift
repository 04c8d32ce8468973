import GatehouseTesting
import Testing
import TokenVerification

@Suite("BearerCredential: the Authorization header (RFC 6750 §2.1, RFC 9110 §11.4)")
struct BearerCredentialTests {
    func code(_ header: String?) -> TokenVerificationError.Code? {
        do {
            _ = try BearerCredential.token(from: header)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("the scheme is case-insensitive")
    func scheme() throws {
        for header in ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", "BeArEr abc.def.ghi"] {
            #expect(try BearerCredential.token(from: header) == "abc.def.ghi")
        }
    }

    @Test("b64token: every character RFC 6750 §2.1 allows, and \"=\" only as trailing padding")
    func alphabet() throws {
        let all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"
        for token in [all, "abc=", "abc==", "a"] {
            #expect(try BearerCredential.token(from: "Bearer \(token)") == Substring(token))
        }
        // Every other ASCII byte is refused wherever it stands in the token (a space before it is 1*SP).
        let allowed = Set(all.utf8)
        for byte in UInt8(0)...UInt8(0x7F) where !allowed.contains(byte) && byte != UInt8(ascii: "=") {
            let character = String(decoding: [byte], as: UTF8.self)
            let leading = byte == UInt8(ascii: " ") ? [] : ["\(character)abc"]
            for token in leading + ["ab\(character)c", "abc\(character)"] {
                #expect(code("Bearer \(token)") == .malformedRequest, "byte \(byte)")
            }
        }
    }

    @Test("one or more spaces after the scheme (1*SP)")
    func spaces() throws {
        for header in ["Bearer abc", "Bearer  abc", "bearer     abc"] {
            #expect(try BearerCredential.token(from: header) == "abc", "\(header)")
        }
    }

    @Test("no header or another scheme means no bearer credential: no error code in the challenge")
    func missing() {
        for header in [nil, "", "Basic dXNlcjpwYXNz", "DPoP abc", "Bearerabc", "Bearer-x abc", "Bearer~", "Token abc"]
            as [String?]
        {
            #expect(code(header) == .missingCredential, "\(header ?? "nil")")
            #expect(code(header).flatMap(\.bearerError) == nil)
        }
    }

    @Test("a malformed Bearer credential is invalid_request (400)")
    func malformed() {
        for header in [
            "Bearer", "Bearer ", "Bearer   ", "Bearer\tabc", "Bearer,abc", "Bearer \tabc", "Bearer abc def",
            "Bearer abc,def", "Bearer ab\"c", "Bearer abc\t",
            "Bearer é", "Bearer abc=def", "Bearer =abc", "Bearer ==", "Bearer abc= ", "Bearer abc\u{7F}",
        ] {
            #expect(code(header) == .malformedRequest, "\(header)")
            #expect(code(header)?.bearerError == .invalidRequest)
        }
    }

    @Test("the whole verifier reports header problems with the same codes")
    func throughVerifier() async {
        let verifier = Fixtures.verifier()
        await #expect(throws: TokenVerificationError(.missingCredential, "the request has no bearer token")) {
            _ = try await verifier.verify(authorization: nil, resource: Fixtures.resource)
        }
        do {
            _ = try await verifier.verify(authorization: "Bearer a b", resource: Fixtures.resource)
            Issue.record("accepted a malformed header")
        } catch {
            #expect(error.code == .malformedRequest)
        }
    }
}
