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
}
