import Foundation
import GatehouseJSON
import MCPCore
import Testing

/// Schemas derived from Swift types: what each kind of property becomes, that a value the schema accepts is one the
/// type decodes, and that every mistake in the details is refused, naming the type and the property.
@Suite("Tools: schemas derived from Swift types")
struct SchemaDerivationTests {
    enum Priority: String, SchemaEnumeration, Sendable { case low, normal, high }

    struct Window: Decodable, Sendable { var from: Int8, to: UInt16 }

    struct Reminder: SchemaDerivable, Sendable {
        var text: String
        var minutes: Int?
        var priority: Priority
        var tags: [String]
        var window: Window?
        var labels: [String: String]
        var ratio: Double
        var urgent: Bool
        var link: URL?
        var blob: Data?
        var level: UInt8
        static let schemaDescription: String? = "A reminder"
        static let schemaFields: [String: SchemaField] = [
            "text": SchemaField("What to remind you of", minLength: 1, maxLength: 200),
            "minutes": SchemaField("Minutes from now", minimum: 1, maximum: 1440),
            "tags": SchemaField(maxItems: 5),
            "level": SchemaField(maximum: 9),
            "ratio": SchemaField(minimum: 0.5),
        ]
    }

    @Test("Each kind of property, required unless optional, with the details and the types' own bounds")
    func derivedShapes() throws {
        let schema = try JSONSchema.derived(from: Reminder.self).json
        #expect(schema["type"] == "object")
        #expect(schema["additionalProperties"] == false)
        #expect(schema["description"] == "A reminder")
        #expect(schema["required"] == ["text", "priority", "tags", "labels", "ratio", "urgent", "level"])
        let properties = try #require(schema["properties"])
        #expect(
            properties["text"]
                == ["type": "string", "description": "What to remind you of", "minLength": 1, "maxLength": 200])
        // Optional properties also accept null, as decodeIfPresent reads it.
        #expect(
            properties["minutes"]
                == ["type": ["integer", "null"], "description": "Minutes from now", "minimum": 1, "maximum": 1440])
        #expect(properties["priority"] == ["type": "string", "enum": ["low", "normal", "high"]])
        #expect(properties["tags"] == ["type": "array", "items": ["type": "string"], "maxItems": 5])
        #expect(properties["window"]?["required"] == ["from", "to"])
        #expect(properties["window"]?["properties"]?["from"] == ["type": "integer", "minimum": -128, "maximum": 127])
        #expect(properties["window"]?["properties"]?["to"] == ["type": "integer", "minimum": 0, "maximum": 65535])
        #expect(properties["labels"] == ["type": "object", "additionalProperties": ["type": "string"]])
        #expect(properties["ratio"] == ["type": "number", "minimum": .double(0.5)])
        #expect(properties["urgent"] == ["type": "boolean"])
        #expect(properties["link"] == ["type": ["string", "null"], "format": "uri", "minLength": 1])
        #expect(properties["blob"] == ["type": ["string", "null"], "contentEncoding": "base64"])
        #expect(properties["window"]?["type"] == ["object", "null"])
        // A declared bound only narrows the type's own: UInt8 keeps 0, the detail's 9 replaces 255.
        #expect(properties["level"] == ["type": "integer", "minimum": 0, "maximum": 9])
    }

    struct Renamed: Decodable, Sendable {
        var dueDate: String
        enum CodingKeys: String, CodingKey { case dueDate = "due_date" }
    }

    @Test("Property names are the coding keys, as the decoder reads them")
    func codingKeys() throws {
        let schema = try JSONSchema.derived(from: Renamed.self).json
        #expect(schema["required"] == ["due_date"])
        #expect(schema["properties"]?["dueDate"] == nil)
    }

    @Test("What the derived schema accepts decodes; what it refuses never reaches the handler")
    func schemaAndTypeAgree() async throws {
        let backend = ToolBackend()
        backend.tool("remind", description: "Set a reminder") { (input: Reminder, _) in
            .text("\(input.text) in \(input.minutes ?? 0) min, \(input.priority.rawValue)")
        }
        let valid: JSONValue = [
            "text": "tea", "minutes": 5, "priority": "high", "tags": ["home"], "labels": ["k": "v"],
            "ratio": .double(0.75),
            "urgent": true, "level": 3,
        ]
        let ok = await Self.call(backend, "remind", valid)
        #expect(ok.result?["content"]?.arrayValue?.first?["text"] == "tea in 5 min, high")
        for (change, pointer) in [
            (["text": ""] as [String: JSONValue], "/text"), (["minutes": 0], "/minutes"),
            (["priority": "urgent"], "/priority"),
            (["tags": ["a", "b", "c", "d", "e", "f"]], "/tags"), (["level": 10], "/level"), (["extra": 1], ""),
            (["ratio": .double(0.25)], "/ratio"),
        ] {
            var arguments = valid.objectValue ?? [:]
            for (key, value) in change { arguments[key] = value }
            let refused = await Self.call(backend, "remind", .object(arguments))
            #expect(refused.error?["code"] == -32602, "\(change)")
            #expect(refused.error?["data"]?["pointer"]?.stringValue?.hasPrefix("/params/arguments" + pointer) == true)
        }
        var missing = valid.objectValue ?? [:]
        missing["urgent"] = nil
        #expect(await Self.call(backend, "remind", .object(missing)).error?["code"] == -32602)
        // null for an optional property decodes as absent; a dictionary's values are checked.
        var nulls = valid.objectValue ?? [:]
        nulls["minutes"] = .null
        nulls["window"] = .null
        #expect(
            await Self.call(backend, "remind", .object(nulls)).result?["content"]?.arrayValue?.first?["text"]
                == "tea in 0 min, high")
        var badLabel = valid.objectValue ?? [:]
        badLabel["labels"] = ["k": 7]
        let refusedLabel = await Self.call(backend, "remind", .object(badLabel)).error
        #expect(refusedLabel?["code"] == -32602)
        #expect(refusedLabel?["data"]?["pointer"] == "/params/arguments/labels/k")
        var wrongType = valid.objectValue ?? [:]
        wrongType["minutes"] = "soon"
        let refusedType = await Self.call(backend, "remind", .object(wrongType)).error
        #expect(refusedType?["code"] == -32602)
        #expect(refusedType?["message"]?.stringValue?.contains("expected integer or null, got string") == true)
    }

    struct Sum: Codable, Sendable {
        var total: Double
        var count: Int
    }

    struct Numbers: Decodable, Sendable { var values: [Double] }

    @Test("A typed output: its schema is the tool's outputSchema, its value the structured result")
    func typedOutput() async throws {
        let backend = ToolBackend()
        backend.tool("sum", description: "Add numbers") { (input: Numbers, _) in
            Sum(total: input.values.reduce(0, +), count: input.values.count)
        }
        let descriptor = try #require(
            backend.snapshot.toolDescriptors(for: ProtocolVersion.v2025_06_18, includeSecuritySchemes: false).first)
        #expect(descriptor["outputSchema"]?["required"] == ["total", "count"])
        #expect(descriptor["inputSchema"]?["properties"]?["values"]?["items"] == ["type": "number"])
        let answer = await Self.call(backend, "sum", ["values": [.double(1.5), 2]])
        #expect(answer.result?["structuredContent"] == ["total": .double(3.5), "count": 2])
    }

    // MARK: Mistakes, each named

    struct UnknownField: SchemaDerivable {
        var text: String
        static let schemaFields = ["txt": SchemaField("typo")]
    }

    struct WrongBound: SchemaDerivable {
        var count: Int
        static let schemaFields = ["count": SchemaField(minLength: 1)]
    }

    struct FractionalBound: SchemaDerivable {
        var count: Int
        static let schemaFields = ["count": SchemaField(maximum: 2.5)]
    }

    enum Plain: String, Decodable { case a, b }

    struct PlainEnum: Decodable { var choice: Plain }

    struct Node: Decodable { var children: [Node] }

    struct Validating: Decodable {
        var name: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            guard !name.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: "empty")
            }
        }
        enum CodingKeys: String, CodingKey { case name }
    }

    enum Level: Int, SchemaEnumeration, Sendable { case one = 1, two, three }

    struct Leveled: Decodable, Sendable {
        var level: Level
        var counts: [String: Int]
        var maybe: String?
    }

    @Test("Integer enumerations, dictionaries of integers, and optional properties as the decoder reads them")
    func integerEnumsAndMaps() throws {
        let properties = try #require(try JSONSchema.derived(from: Leveled.self).json["properties"])
        #expect(properties["level"] == ["type": "integer", "enum": [1, 2, 3]])
        #expect(properties["counts"] == ["type": "object", "additionalProperties": ["type": "integer"]])
        #expect(properties["maybe"] == ["type": ["string", "null"]])
    }

    struct Checked: Decodable {
        var note: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            note = container.contains(.note) ? try container.decode(String.self, forKey: .note) : ""
        }
        enum CodingKeys: String, CodingKey { case note }
    }

    @Test("A member decoded only after `contains` is optional")
    func containsMakesOptional() throws {
        #expect(try JSONSchema.derived(from: Checked.self).json["required"] == nil)
    }

    struct Point: Decodable {
        var x: Double, y: Double
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            x = try container.decode(Double.self)
            y = try container.decode(Double.self)
        }
    }

    struct Plotted: Decodable { var at: Point }

    struct HugeBound: SchemaDerivable {
        var count: UInt64
        static let schemaFields = ["count": SchemaField(maximum: 1e19)]
    }

    struct InfiniteBound: SchemaDerivable {
        var ratio: Double
        static let schemaFields = ["ratio": SchemaField(minimum: -.infinity)]
    }

    struct EmptyRange: SchemaDerivable {
        var level: UInt8
        static let schemaFields = ["level": SchemaField(minimum: 300)]
    }

    struct TwiceDecoded: Decodable {
        var value: Int
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            value = try container.decode(Int.self, forKey: .value)
            _ = try container.decode(String.self, forKey: .value)
        }
        enum CodingKeys: String, CodingKey { case value }
    }

    @Test("Each mistake is refused with the type, the property and what to do")
    func mistakesAreNamed() {
        let cases: [(any Decodable.Type, String)] = [
            (UnknownField.self, "schemaFields names \"txt\", which UnknownField does not decode (it decodes text)"),
            (WrongBound.self, "WrongBound.count: minLength applies to strings, but the property is an integer"),
            (FractionalBound.self, "maximum 2.5 is not a whole number"),
            (PlainEnum.self, "PlainEnum.choice: Plain.init(from:) refused the placeholder values"),
            (PlainEnum.self, "declare it SchemaEnumeration"),
            (Node.self, "Node contains itself"),
            (Validating.self, "Validating.init(from:) refused the placeholder values"),
            (Plotted.self, "Plotted.at: decodes a fixed-position array"),
            (HugeBound.self, "HugeBound.count: maximum 1e+19 is not a whole number an integer property can hold"),
            (InfiniteBound.self, "InfiniteBound.ratio: minimum must be finite"),
            (EmptyRange.self, "EmptyRange.level: minimum is above maximum"),
            (TwiceDecoded.self, "TwiceDecoded.value: decoded twice, as an integer and as a string"),
        ]
        for (type, message) in cases {
            #expect(throws: SchemaDerivationFailure.self) { try Self.derive(type) }
            do {
                try Self.derive(type)
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    @Test("Registering a tool whose type cannot be described stops the program, naming the tool")
    func registrationStops() async {
        let exit = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            ToolBackend().tool("broken", description: "d") { (_: UnknownField, _) in .text("never") }
        }
        let stderr = String(decoding: exit?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("tool broken: no schema can be derived from UnknownField"))
    }

    private static func derive(_ type: any Decodable.Type) throws(SchemaDerivationFailure) {
        func open<T: Decodable>(_ type: T.Type) throws(SchemaDerivationFailure) {
            _ = try JSONSchema.derived(from: type)
        }
        try open(type)
    }

    /// One `tools/call` through the dispatcher: the response's `result` or `error`.
    static func call(_ backend: ToolBackend, _ name: String, _ arguments: JSONValue) async
        -> (result: JSONValue?, error: JSONValue?)
    {
        let response = await MCPDispatcher(backend: backend).handle(
            JSONRPCRequest(
                id: .number(1), method: "tools/call", params: ["name": .string(name), "arguments": arguments]),
            context: CallContext(protocolVersion: .v2025_06_18))
        let json = try? StrictJSONParser().parse(Array(JSONWriter.serialize(response.json).utf8))
        return (json?["result"], json?["error"])
    }
}
