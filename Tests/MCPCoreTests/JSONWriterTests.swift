import GatehouseJSON
import Testing

@Suite("JSONWriter: output the strict parser reads back identically")
struct JSONWriterTests {
    @Test(
        "strings round-trip, escaped where they must be",
        arguments: [
            "plain", "", "quote \" inside", "back\\slash", "line\nbreak\ttab\r", "\u{01}\u{1F}", "émoji 😀", "</script>",
        ]
    )
    func roundTrip(_ text: String) throws {
        let document: JSONValue = ["key \"\(text)\"": .string(text), "list": [.string(text), 1, true, nil]]
        let written = JSONWriter.serialize(document)
        #expect(!written.contains("\n"))
        #expect(try StrictJSONParser().parse(Array(written.utf8)) == document)
    }

    @Test("an object literal that repeats a name keeps the last value, as a Dictionary literal would")
    func literalKeepsLastValue() {
        let value = JSONValue(dictionaryLiteral: ("a", 1), ("b", true), ("a", 2))
        #expect(value == .object(["a": 2, "b": true]))
        #expect(JSONWriter.serialize(value) == #"{"a":2,"b":true}"#)
    }

    @Test("members are written in sorted order")
    func deterministic() {
        #expect(JSONWriter.serialize(["b": 1, "a": 2, "c": ["z": 1, "y": 2]]) == #"{"a":2,"b":1,"c":{"y":2,"z":1}}"#)
    }
}

@Suite("JSONWriter: exact bytes")
struct JSONWriterBytesTests {
    @Test("escapes exactly what RFC 8259 §7 requires and passes other UTF-8 through")
    func escapes() {
        let written = JSONWriter.serialize(.string("a\"b\\c\n\r\t\u{01}\u{1F}é😀/"))
        #expect(written == #""a\"b\\c\n\r\t\u0001\u001fé😀/""#)
        #expect(JSONWriter.bytes(.string("x")) == Array(#""x""#.utf8))
    }

    @Test("a large object is still written in sorted order")
    func largeObject() {
        func key(_ index: Int) -> String { "k" + String(repeating: "0", count: 3 - "\(index)".count) + "\(index)" }
        var members: [String: JSONValue] = [:]
        for index in (0..<200).reversed() { members[key(index)] = .number("\(index)") }
        let written = JSONWriter.serialize(.object(members))
        let expected = "{" + (0..<200).map { "\"\(key($0))\":\($0)" }.joined(separator: ",") + "}"
        #expect(written == expected)
    }

    @Test("pretty printing indents members and elements")
    func pretty() {
        #expect(
            JSONWriter.prettyPrinted(["b": [1, 2], "a": [:]]) == "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2\n  ]\n}")
    }
}
