import Foundation
import Testing
import TokenVerification

@Suite("Base64URL: strict canonical decoding (RFC 4648 §5, RFC 7515 §2)")
struct Base64URLTests {
    @Test("round-trips every length")
    func roundTrip() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test("decodes a known value")
    func knownValue() {
        #expect(Base64URL.decode("aGk") == [0x68, 0x69])
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test(
        "rejects non-canonical input",
        arguments: [
            "aGk=",  // padding
            "aGl",  // non-zero unused bits
            "a",  // impossible length (1 mod 4)
            "+_8",  // '+' belongs to standard base64
            "-/8",  // '/' belongs to standard base64
            "aG k",  // whitespace
            "aGk\n",  // newline
            "aG?k",  // '?'
            "aGké",  // non-ASCII
        ]
    )
    func rejects(_ input: String) {
        #expect(Base64URL.decode(input) == nil)
    }

    @Test("agrees with Foundation on random canonical and random hostile input")
    func differentialAgainstFoundation() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.? ".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<48, using: &generator)
            let hostile = Bool.random(using: &generator)
            let input: [UInt8] = (0..<length).map { _ in
                hostile
                    ? alphabet.randomElement(using: &generator)! : alphabet[Int.random(in: 0..<64, using: &generator)]
            }
            let ours = Base64URL.decode(input)
            // Foundation's decoder on the standard alphabet with padding restored; it accepts non-zero unused bits,
            // so we only require: whenever we accept, Foundation agrees on the bytes; re-encoding gives the input.
            if let ours {
                var standard = String(decoding: input, as: UTF8.self)
                    .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                while standard.count % 4 != 0 { standard += "=" }
                #expect(Data(base64Encoded: standard).map(Array.init) == ours)
                #expect(Base64URL.encode(ours) == String(decoding: input, as: UTF8.self))
            } else if !hostile && length % 4 != 1 {
                // Only the unused-bits rule can refuse canonical-alphabet input of a possible length: Foundation
                // still decodes it, and re-encoding those bytes does not give the input back.
                var standard = String(decoding: input, as: UTF8.self)
                    .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                while standard.count % 4 != 0 { standard += "=" }
                let lenient = Data(base64Encoded: standard).map(Array.init)
                #expect(lenient != nil)
                #expect(lenient.map(Base64URL.encode) != String(decoding: input, as: UTF8.self))
            }
        }
    }
}
