public import GatehouseJSON

/// A JSON Schema (2020-12 vocabulary subset) for tool inputs and outputs: declared once, published in the tool
/// descriptor, and used to validate arguments **before** a handler runs.
///
/// Supported keywords: `type` (a name, or a list such as `["integer", "null"]`), `properties`, `required`,
/// `additionalProperties` (a boolean, or a schema for the other members), `items`, `enum`,
/// `minimum`, `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems`, `description`. That covers what MCP
/// clients generate forms and calls from; schemas needing more can be given as raw JSON with
/// ``init(raw:)`` and are then published but validated only for the keywords above.
///
/// ```swift
/// let schema = JSONSchema.object(
///     ["text": .string(description: "The note", minLength: 1), "pinned": .boolean()],
///     required: ["text"]
/// )
/// ```
public struct JSONSchema: Sendable, Hashable {
    /// The schema document.
    public let json: JSONValue
    /// The keywords validation reads, taken from ``json`` once (not looked up in it for every value).
    let rules: SchemaRules

    /// Wraps a schema document as it is.
    public init(raw: JSONValue) {
        self.json = raw
        self.rules = SchemaRules(raw)
    }

    public static func == (lhs: JSONSchema, rhs: JSONSchema) -> Bool { lhs.json == rhs.json }

    public func hash(into hasher: inout Hasher) { hasher.combine(json) }

    /// An object with the given properties; extra properties are refused unless `additionalProperties` is true.
    public static func object(
        _ properties: [String: JSONSchema] = [:],
        required: [String] = [],
        additionalProperties: Bool = false,
        description: String? = nil
    ) -> JSONSchema {
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties.mapValues(\.json)),
            "additionalProperties": .bool(additionalProperties),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if let description { schema["description"] = .string(description) }
        return JSONSchema(raw: .object(schema))
    }

    /// A string.
    public static func string(
        description: String? = nil,
        minLength: Int? = nil,
        maxLength: Int? = nil,
        enum values: [String]? = nil
    ) -> JSONSchema {
        var schema: [String: JSONValue] = ["type": "string"]
        if let description { schema["description"] = .string(description) }
        if let minLength { schema["minLength"] = .integer(minLength) }
        if let maxLength { schema["maxLength"] = .integer(maxLength) }
        if let values { schema["enum"] = .array(values.map(JSONValue.string)) }
        return JSONSchema(raw: .object(schema))
    }

    /// An integer.
    public static func integer(description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        var schema: [String: JSONValue] = ["type": "integer"]
        if let description { schema["description"] = .string(description) }
        if let minimum { schema["minimum"] = .integer(minimum) }
        if let maximum { schema["maximum"] = .integer(maximum) }
        return JSONSchema(raw: .object(schema))
    }

    /// A number.
    public static func number(description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> JSONSchema
    {
        var schema: [String: JSONValue] = ["type": "number"]
        if let description { schema["description"] = .string(description) }
        if let minimum { schema["minimum"] = .double(minimum) }
        if let maximum { schema["maximum"] = .double(maximum) }
        return JSONSchema(raw: .object(schema))
    }

    /// A boolean.
    public static func boolean(description: String? = nil) -> JSONSchema {
        var schema: [String: JSONValue] = ["type": "boolean"]
        if let description { schema["description"] = .string(description) }
        return JSONSchema(raw: .object(schema))
    }

    /// An array of `items`.
    public static func array(
        of items: JSONSchema,
        description: String? = nil,
        minItems: Int? = nil,
        maxItems: Int? = nil
    ) -> JSONSchema {
        var schema: [String: JSONValue] = ["type": "array", "items": items.json]
        if let description { schema["description"] = .string(description) }
        if let minItems { schema["minItems"] = .integer(minItems) }
        if let maxItems { schema["maxItems"] = .integer(maxItems) }
        return JSONSchema(raw: .object(schema))
    }

    /// An object taking no arguments.
    public static let empty = JSONSchema.object()

    /// A violation: where (RFC 6901 JSON Pointer) and what.
    public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
        /// JSON Pointer to the offending value, relative to the validated document.
        public let pointer: String
        /// What is wrong.
        public let message: String

        public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }

        /// The same violation seen from the parent: `prefix` (a pointer step such as `/name`) put in front.
        func under(_ prefix: String) -> Violation {
            Violation(pointer: prefix + pointer, message: message)
        }
    }

    /// Validates `value`; throws the first violation found (members in sorted order, so the report does not depend
    /// on hash order).
    public func validate(_ value: JSONValue) throws(Violation) {
        try rules.validate(value)
    }

    /// RFC 6901 §3: `~` → `~0`, `/` → `~1`.
    static func escape(_ name: String) -> String {
        name.replacingTilde()
    }
}

extension String {
    fileprivate func replacingTilde() -> String {
        var result = ""
        for character in self {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.append(character)
            }
        }
        return result
    }
}
