import Crypto
import Foundation
import GatehouseTesting
import Testing
import TokenVerification

@Suite("ECDSA signatures: raw R||S only, range-checked, malleable S accepted (RFC 7518 §3.4)")
struct ECDSASignatureTests {
    /// The order n of P-256.
    static let order: [UInt8] = Array(Data(base64Encoded: "/////wAAAAD//////////7zm+q2nF56E87nKwvxjJVE=")!)

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: a.count)
        var borrow = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            var value = Int(a[index]) - Int(b[index]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            result[index] = UInt8(value)
        }
        return result
    }

    func parts(_ token: String) -> (String, [UInt8]) {
        let index = token.lastIndex(of: ".")!
        return (String(token[..<index]), Base64URL.decode(String(token[token.index(after: index)...]))!)
    }

    @Test("high-S (n − s) signatures are valid and verify")
    func highS() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let (input, signature) = parts(token)
        let flipped = Array(signature[0..<32]) + Self.subtract(Self.order, Array(signature[32...]))
        #expect(flipped != signature)
        #expect(await Fixtures.rejection(input + "." + Base64URL.encode(flipped)) == nil)
    }

    @Test("DER-encoded signatures are refused")
    func der() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let (input, signature) = parts(token)
        let der = try P256.Signing.ECDSASignature(rawRepresentation: signature).derRepresentation
        #expect(await Fixtures.rejection(input + "." + Base64URL.encode(der))?.code == .invalidSignature)
    }

    @Test("wrong lengths are refused", arguments: [0, 1, 63, 65, 96, 128])
    func lengths(_ length: Int) async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let (input, signature) = parts(token)
        let resized = Array((signature + signature + signature).prefix(length))
        let expected: TokenVerificationError.Code = length == 0 ? .unsecuredToken : .invalidSignature
        #expect(await Fixtures.rejection(input + "." + Base64URL.encode(resized))?.code == expected)
    }

    @Test("psychic signatures: r or s of 0 or n never verify")
    func psychic() async throws {
        let token = try Fixtures.es256.sign(claims: Fixtures.claims())
        let (input, signature) = parts(token)
        let zero = [UInt8](repeating: 0, count: 32)
        for candidate in [
            zero + zero, zero + Array(signature[32...]), Array(signature[..<32]) + zero, Self.order + Self.order,
            Self.order + Array(signature[32...]),
        ] {
            #expect(await Fixtures.rejection(input + "." + Base64URL.encode(candidate))?.code == .invalidSignature)
        }
    }
}
