import Foundation
import GatehouseJSON
import MCPCore
import Synchronization
import Testing

/// A schema and the Swift type behind it cannot drift apart unnoticed: an unsatisfiable input schema is stopped at
/// registration, and arguments the schema accepts but the type cannot decode are refused naming the field.
@Suite("Tools: schemas that cannot drift from their code")
struct SchemaDriftTests {
    @Test("A closed object requiring an undeclared property is a definition problem, at any depth")
    func unsatisfiableRequirements() {
        let typo = JSONSchema.object(["text": .string()], required: ["txt"])
        #expect(typo.definitionProblems.map(\.pointer) == ["/required"])
        #expect(
            typo.definitionProblems.first?.message.contains(
                "\"txt\", which is not among its properties (declared: text)") == true)
        let nested = JSONSchema.object([
            "a/b": .object(["x": .integer()], required: ["y"]),
            "list": .array(of: .object([:], required: ["z"])),
        ])
        #expect(
            nested.definitionProblems.map(\.pointer) == [
                "/properties/a~1b/required", "/properties/list/items/required",
            ])
        // Open objects may require what they do not declare (JSON Schema allows it); sound schemas have no problems.
        #expect(JSONSchema.object([:], required: ["any"], additionalProperties: true).definitionProblems == [])
        #expect(JSONSchema.object(["text": .string()], required: ["text"]).definitionProblems == [])
    }

    @Test("Registering a tool no call could satisfy stops the program, naming the tool and the property")
    func registrationRefusesIt() async {
        let exit = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            ToolBackend().add(
                Tool(name: "add_note", description: "d", inputSchema: .object(["text": .string()], required: ["txt"])) {
                    _, _ in .text("never")
                })
        }
        let stderr = String(decoding: exit?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("tool \"add_note\": its inputSchema cannot be satisfied: /required: requires \"txt\""))
    }

    enum Priority: String, Decodable, Sendable { case low, high }

    struct Everything: Decodable, Sendable, Equatable {
        struct Window: Decodable, Sendable, Equatable { var from: Int8, to: UInt16 }
        var blob: Data
        var link: URL
        var when: Date
        var amount: Decimal
        var count: Int
        var ratio: Float
        var priority: Priority
        var note: String?
        var window: Window
        var flags: [Bool]
    }

    @Test("Input types decode as with JSONDecoder's defaults: base64 Data, URL strings, Date seconds, Decimal, 1e3")
    func decodesLikeJSONDecoder() async throws {
        let value: JSONValue = [
            "blob": "aGk=", "link": "https://example.com/a", "when": 10, "amount": .number("12.50"),
            "count": .number("1e3"), "ratio": .number("0.5"), "priority": "high", "note": nil,
            "window": ["from": -3, "to": 65535], "flags": [true, false],
        ]
        let decoded = try #require(await Self.probe(Everything.self, value).get())
        let expected = Everything(
            blob: Data("hi".utf8), link: URL(string: "https://example.com/a")!,
            when: Date(timeIntervalSinceReferenceDate: 10),
            amount: Decimal(string: "12.50")!, count: 1000, ratio: 0.5, priority: .high, note: nil,
            window: .init(from: -3, to: 65535), flags: [true, false])
        #expect(decoded == expected)
        for (bad, pointer) in [
            (["window": ["from": 128, "to": 1]] as JSONValue, "/window/from"),
            (["priority": "urgent"], "/priority"),
            (["flags": [true, "no"]], "/flags/1"),
            (["blob": "***"], "/blob"),
            (["count": .number("9007199254740993.0")], "/count"),  // beyond a Double's exact integers
            (["window": 5], "/window"),
        ] {
            var members = value.objectValue!
            for (key, replacement) in bad.objectValue! { members[key] = replacement }
            let refused = await Self.probe(Everything.self, .object(members))
            guard case .failure(let error) = refused else {
                Issue.record("\(pointer) decoded")
                continue
            }
            #expect(error.code == -32602 && error.data?["pointer"] == .string("/params/arguments" + pointer))
        }
        // Swift's type names never reach the caller: a keyed type is "an object", a sized integer "an integer".
        for (bad, expected) in [
            (["window": 5] as JSONValue, "window: expected an object"), (["flags": "no"], "flags: expected an array"),
            (["window": ["from": "x", "to": 1]], "window/from: expected an integer"),
        ] {
            var members = value.objectValue!
            for (key, replacement) in bad.objectValue! { members[key] = replacement }
            guard case .failure(let error) = await Self.probe(Everything.self, .object(members)) else {
                Issue.record("\(expected) decoded")
                continue
            }
            #expect(error.message == "Invalid params: argument " + expected)
        }
    }

    /// What a typed tool of input `T` (its schema accepting anything) receives for `arguments`, or its error.
    static func probe<T: Decodable & Sendable>(_ type: T.Type, _ arguments: JSONValue) async -> Result<T?, MCPError> {
        let received = Mutex<T?>(nil)
        let backend = ToolBackend()
        backend.tool("probe", description: "d", input: T.self, schema: JSONSchema(raw: ["type": "object"])) {
            input, _ in
            received.withLock { $0 = input }
            return .text("ok")
        }
        let response = await MCPDispatcher(backend: backend).handle(
            JSONRPCRequest(id: .number(1), method: "tools/call", params: ["name": "probe", "arguments": arguments]),
            context: CallContext(protocolVersion: .v2025_06_18))
        if case .failure(let error) = response.outcome { return .failure(error) }
        return .success(received.withLock { $0 })
    }

    struct Reminder: Decodable, Sendable {
        var text: String
        var minutes: Int
        var tags: [String]
    }

    /// A typed tool whose schema is looser than its type (as a hand-written schema drifts).
    static func dispatcher() -> MCPDispatcher {
        let backend = ToolBackend()
        backend.tool(
            "remind", description: "d", input: Reminder.self,
            schema: .object(
                ["text": .string(), "minutes": .number(), "tags": .array(of: JSONSchema(raw: [:]))], required: ["text"])
        ) { reminder, _ in .text(reminder.text) }
        return MCPDispatcher(backend: backend)
    }

    func error(_ arguments: JSONValue) async -> MCPError? {
        let response = await Self.dispatcher().handle(
            JSONRPCRequest(id: .number(1), method: "tools/call", params: ["name": "remind", "arguments": arguments]),
            context: CallContext(protocolVersion: .v2025_06_18))
        if case .failure(let error) = response.outcome { return error }
        return nil
    }

    @Test("Arguments the schema accepts but the type cannot decode: -32602 naming the field and what was expected")
    func decodingFailuresNameTheField() async {
        let fraction = await error(["text": "t", "minutes": .number("1.5"), "tags": []])
        #expect(fraction?.code == -32602)
        #expect(fraction?.message == "Invalid params: argument minutes: expected an integer")
        #expect(fraction?.data?["pointer"] == "/params/arguments/minutes")
        let missing = await error(["text": "t", "tags": []])
        #expect(missing?.message == "Invalid params: argument minutes: required by the tool's input type")
        #expect(missing?.data?["pointer"] == "/params/arguments/minutes")
        let element = await error(["text": "t", "minutes": 5, "tags": ["a", 7]])
        #expect(element?.message == "Invalid params: argument tags/1: expected a string")
        #expect(element?.data?["pointer"] == "/params/arguments/tags/1")
        #expect(await error(["text": "t", "minutes": 5, "tags": []]) == nil)
    }
}
