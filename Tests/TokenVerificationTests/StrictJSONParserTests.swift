import Testing
import TokenVerification

@Suite("StrictJSONParser: one document, one meaning (RFC 8259, RFC 7515 §5.2, RFC 8725 §3.1)")
struct StrictJSONParserTests {
    let parser = StrictJSONParser()

    @Test("parses objects, arrays, strings with escapes, numbers and literals")
    func parsesValidDocuments() throws {
        let value = try parser.parse(Array(#"{"a":[1,-2.5e3,true,false,null],"b":"\u00e9\ud83d\ude00\n","c":{}}"#.utf8))
        #expect(
            value
                == .object([
                    "a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]),
                    "b": .string("é😀\n"), "c": .object([:]),
                ]))
    }

    @Test(
        "rejects malformed or ambiguous documents",
        arguments: [
            #"{"a":1,"a":2}"#,  // duplicate member
            #"{"a":1,"\u0061":2}"#,  // duplicate after unescaping
            #"{"a":1} x"#,  // trailing data
            #"{"a":01}"#,  // leading zero
            #"{"a":1.}"#,  // no fraction digits
            #"{"a":1e}"#,  // no exponent digits
            #"{"a":"\ud800"}"#,  // lone high surrogate
            #"{"a":"\udc00"}"#,  // lone low surrogate
            #"{"a":"\x"}"#,  // invalid escape
            "{\"a\":\"\u{01}\"}",  // raw control character
            #"{"a":tru}"#,  // bad literal
            #"{"a":1,}"#,  // trailing comma
            #"{a:1}"#,  // unquoted name
            #"{"a":"b"#,  // unterminated
            "",  // empty
        ]
    )
    func rejectsMalformed(_ document: String) {
        #expect(throws: StrictJSONParser.Failure.self) { try parser.parse(Array(document.utf8)) }
    }

    @Test(
        "rejects invalid UTF-8",
        arguments: [
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x80, 0x22],  // lone continuation byte
            [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
            [0x22, 0xFF, 0x22],  // never valid
        ] as [[UInt8]]
    )
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(throws: StrictJSONParser.Failure.self) { try parser.parse(bytes) }
    }

    @Test("caps nesting depth")
    func capsDepth() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: StrictJSONParser.Failure.self) { try parser.parse(Array(deep.utf8)) }
        let shallow = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        _ = try parser.parse(Array(shallow.utf8))
    }

    @Test("never crashes on 100 000 nested brackets")
    func hostileDepth() {
        let hostile = String(repeating: "[", count: 100_000)
        #expect(throws: StrictJSONParser.Failure.self) { try parser.parse(Array(hostile.utf8)) }
    }
}
