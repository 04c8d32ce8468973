import GatehouseJSON
import MCPCore
import Testing

@Suite("JSONSchema: violations name the offending value with an RFC 6901 pointer")
struct JSONSchemaTests {
    let schema = JSONSchema.object(
        [
            "a/b": .array(of: .object(["n~m": .integer(minimum: 1)], required: ["n~m"])),
            "zeta": .string(maxLength: 3),
            "alpha": .boolean(),
        ],
        required: ["alpha"]
    )

    func pointer(_ value: JSONValue) -> String? {
        do {
            try schema.validate(value)
            return nil
        } catch {
            return error.pointer
        }
    }

    @Test("a valid document passes")
    func valid() {
        #expect(pointer(["alpha": true, "zeta": "abc", "a/b": [["n~m": 2]]]) == nil)
    }

    @Test("nested steps are escaped (~ → ~0, / → ~1) and joined from the root")
    func nested() {
        #expect(pointer(["alpha": true, "a/b": [["n~m": 2], ["n~m": 0]]]) == "/a~1b/1/n~0m")
        #expect(pointer(["alpha": true, "a/b": [["other": 1]]]) == "/a~1b/0/n~0m")
    }

    @Test("with several bad members the first in sorted order is reported, every time")
    func deterministic() {
        let value: JSONValue = ["alpha": "no", "zeta": "toolong", "extra": 1, "a/b": 5]
        for _ in 0..<20 { #expect(pointer(value) == "/a~1b") }
        #expect(pointer(["alpha": true, "zeta": "toolong", "extra": 1]) == "/extra")
    }

    @Test("a missing required member is reported before member violations")
    func required() {
        #expect(pointer(["zeta": "toolong"]) == "/alpha")
    }
}

@Suite("JSONSchema: every supported keyword refuses what it must")
struct JSONSchemaKeywordTests {
    static let schema = JSONSchema.object(
        [
            "color": .string(enum: ["red", "green"]),
            "tags": .array(of: .string(minLength: 1), minItems: 1, maxItems: 2),
            "ratio": .number(minimum: 0.5, maximum: 1.5),
            "count": .integer(minimum: 1, maximum: 5),
            "flag": .boolean(),
        ]
    )

    @Test(
        "one violation each: pointer and message",
        arguments: [
            (["color": "blue"], "/color", "not one of the allowed values"),
            (["tags": []], "/tags", "needs at least 1 items"),
            (["tags": ["a", "b", "c"]], "/tags", "allows at most 2 items"),
            (["tags": ["a", ""]], "/tags/1", "must be at least 1 characters"),
            (["tags": "a"], "/tags", "expected array, got string"),
            (["ratio": .number("0.25")], "/ratio", "must be at least 0.5"),
            (["ratio": .number("2")], "/ratio", "must be at most 1.5"),
            (["ratio": .number("1e400")], "/ratio", "is not a finite number"),
            (["count": .number("1e400")], "/count", "is not a finite number"),
            (["count": .number("2.5")], "/count", "expected integer, got number"),
            (["count": 9], "/count", "must be at most 5"),
            (["flag": nil], "/flag", "expected boolean, got null"),
            (["other": 1], "/other", "is not an accepted property"),
        ] as [(JSONValue, String, String)]
    )
    func refuses(_ value: JSONValue, _ pointer: String, _ message: String) {
        #expect(Self.violation(value) == "\(pointer): \(message)")
    }

    /// The violation as `pointer: message`, or `nil` when `value` passes `schema`.
    static func violation(_ value: JSONValue, _ schema: JSONSchema = schema) -> String? {
        do {
            try schema.validate(value)
            return nil
        } catch {
            return "\(error.pointer): \(error.message)"
        }
    }

    @Test("values inside every bound pass; a non-object top level is refused at the root")
    func accepts() {
        #expect(
            Self.violation(["color": "green", "tags": ["a", "b"], "ratio": .number("1.5"), "count": 5, "flag": false])
                == nil)
        #expect(Self.violation([1]) == ": expected object, got array")
    }

    @Test("a raw schema is validated for the supported keywords only; schemas compare by their JSON")
    func rawSchema() {
        let raw = JSONSchema(raw: ["type": "string", "pattern": "^a", "maxLength": 2])
        #expect(Self.violation("zz", raw) == nil)  // `pattern` is published, not enforced
        #expect(Self.violation("abc", raw) == ": must be at most 2 characters")
        #expect(raw == JSONSchema(raw: ["maxLength": 2, "pattern": "^a", "type": "string"]))
        #expect(Set([raw, JSONSchema(raw: ["type": "string", "pattern": "^a", "maxLength": 2])]).count == 1)
    }
}
