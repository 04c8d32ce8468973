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

    @Test("members are written in sorted order")
    func deterministic() {
        #expect(JSONWriter.serialize(["b": 1, "a": 2, "c": ["z": 1, "y": 2]]) == #"{"a":2,"b":1,"c":{"y":2,"z":1}}"#)
    }
}
