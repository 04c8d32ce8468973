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
