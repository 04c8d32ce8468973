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
        // Reading a top-level object member by member is exactly as strict.
        #expect(throws: StrictJSONParser.Failure.self) { try parser.parse(Array(document.utf8)) { _, _ in } }
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

    @Test("member by member: an object's members in document order and no value; any other document as its value")
    func members() throws {
        var read: [String] = []
        let object = try parser.parse(Array(#" {"b":1,"a":{"c":[]},"\u0064":"x"} "#.utf8)) { name, value in
            read.append("\(name)=\(JSONWriter.serialize(value))")
        }
        #expect(object == nil)
        #expect(read == [#"b=1"#, #"a={"c":[]}"#, #"d="x""#])
        var called = false
        let array = try parser.parse(Array("[1,{}]".utf8)) { _, _ in called = true }
        #expect(array == .array([.number("1"), .object([:])]))
        #expect(!called)
        #expect(try parser.parse(Array("{}".utf8)) { _, _ in called = true } == nil)
        #expect(!called)
    }

    @Test(
        "member by member: duplicates are refused among the first names (compared one by one) and past them (a set)",
        arguments: [2, 15, 16, 17, 40]
    )
    func memberDuplicates(_ count: Int) {
        let names = (1...count).map { "\"n\($0)\":0" }
        for repeated in [1, count] {
            let document = "{" + (names + ["\"n\(repeated)\":1"]).joined(separator: ",") + "}"
            #expect(throws: StrictJSONParser.Failure.self, "\(count) \(repeated)") {
                try parser.parse(Array(document.utf8)) { _, _ in }
            }
        }
        let distinct = "{" + names.joined(separator: ",") + "}"
        var read = 0
        #expect(throws: Never.self) { _ = try parser.parse(Array(distinct.utf8)) { _, _ in read += 1 } }
        #expect(read == count)
    }

    @Test("member by member: nesting depth is capped the same")
    func memberDepth() {
        let deep = #"{"a":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"
        #expect(throws: StrictJSONParser.Failure.self) { try parser.parse(Array(deep.utf8)) { _, _ in } }
    }

    @Test("interned member names come back as the very strings given; values and escaped names are read as usual")
    func internedNames() throws {
        let long = "io.example/a-long-member-name"
        let interning = StrictJSONParser(internedNames: [long, "short"])
        #expect(interning.internedNames == [long])  // short names are inline strings anyway
        func storage(_ string: String) -> UnsafePointer<UInt8>? {
            string.utf8.withContiguousStorageIfAvailable { $0.baseAddress }.flatMap { $0 }
        }
        let document = #"{"io.example/a-long-member-name":"io.example/a-long-member-name","x":1}"#
        let members = try interning.parseObject(Array(document.utf8))
        let name = try #require(members.keys.first { $0 == long })
        #expect(storage(name) == storage(long))
        let value = try #require(members[long]?.stringValue)
        #expect(value == long)
        #expect(storage(value) != storage(long))  // values are never interned
        // Names of the same length that differ in the first or the last byte are read as themselves.
        for other in [
            "jo.example/a-long-member-name", "io.example/a-long-member-namf", "io.example/a-long-member-nbme",
        ] {
            let read = try interning.parseObject(Array("{\"\(other)\":1}".utf8))
            #expect(Array(read.keys) == [other])
        }
        let escaped = try interning.parseObject(Array(#"{"io.example\/a-long-member-name":1}"#.utf8))
        #expect(escaped[long] == .number("1"))
        #expect(throws: StrictJSONParser.Failure.self) {
            try interning.parseObject(
                Array(#"{"io.example/a-long-member-name":1,"io.example\/a-long-member-name":2}"#.utf8))
        }
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
