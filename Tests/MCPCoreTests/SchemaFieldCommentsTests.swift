import GatehouseJSON
import MCPCore
import Testing

/// How `schemaFieldComments` (what the SchemaComments plugin generates from doc comments) meets `schemaFields`.
@Suite("Tools: doc comments as descriptions in derived schemas")
struct SchemaFieldCommentsTests {
    struct Person: SchemaDerivable, Sendable {
        var firstName: String
        var age: Int?
        var nickname: String
        var shout: String { firstName.uppercased() }
        enum CodingKeys: String, CodingKey { case firstName = "first_name", age, nickname }
        static let schemaFields = [
            "age": SchemaField(minimum: 0, maximum: 150), "nickname": SchemaField("Said in schemaFields"),
        ]
        // As the plugin writes it: by JSON name, and for every documented property, computed ones included.
        static var schemaFieldComments: [String: String] {
            ["first_name": "Given name.", "age": "Years.", "nickname": "Said in a comment.", "shout": "Computed."]
        }
    }

    func property(_ name: String) throws -> JSONValue? {
        try JSONSchema.derived(from: Person.self).json["properties"]?[name]
    }

    @Test("a comment is the description, keyed by the coding key; bounds from schemaFields stay")
    func comments() throws {
        #expect(try property("first_name")?["description"] == "Given name.")
        #expect(try property("age")?["description"] == "Years.")
        #expect(try property("age")?["minimum"] == 0)
        #expect(try property("age")?["maximum"] == 150)
    }

    @Test("a description in schemaFields wins over the comment")
    func explicitWins() throws {
        #expect(try property("nickname")?["description"] == "Said in schemaFields")
    }

    @Test("a comment on a property the type does not decode is ignored, not an error")
    func undecoded() throws {
        // schemaFields naming "shout" would stop registration; a comment naming it must not.
        #expect(throws: Never.self) { try JSONSchema.derived(from: Person.self) }
        #expect(try property("shout") == nil)
        #expect(try JSONSchema.derived(from: Person.self).json["properties"]?.objectValue?.count == 3)
    }
}
