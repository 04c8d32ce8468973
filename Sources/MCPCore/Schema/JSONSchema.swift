public import GatehouseJSON

/// A JSON Schema (2020-12 vocabulary subset) for tool inputs and outputs: declared once, published in the tool
/// descriptor, and used to validate arguments **before** a handler runs.
///
/// Supported keywords: `type`, `properties`, `required`, `additionalProperties` (boolean), `items`, `enum`,
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

    /// Wraps a schema document as it is.
    public init(raw: JSONValue) {
        self.json = raw
    }

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
        try Self.validate(value, against: json)
    }

    /// Pointers are built only for a violation, while it propagates up (a passing value allocates none).
    private static func validate(_ value: JSONValue, against schema: JSONValue) throws(Violation) {
        guard case .object(let rules) = schema else { return }
        if let type = rules["type"]?.stringValue, !matches(value, type: type) {
            throw Violation(pointer: "", message: "expected \(type), got \(kind(of: value))")
        }
        if let allowed = rules["enum"]?.arrayValue, !allowed.contains(value) {
            throw Violation(pointer: "", message: "not one of the allowed values")
        }
        switch value {
        case .object(let members):
            let properties = rules["properties"]?.objectValue ?? [:]
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                throw Violation(pointer: "/" + escape(name), message: "is required")
            }
            let closed = rules["additionalProperties"] == .bool(false)
            let check = { (name: String, member: JSONValue) throws(Violation) in
                if let propertySchema = properties[name] {
                    do throws(Violation) {
                        try validate(member, against: propertySchema)
                    } catch {
                        throw error.under("/" + escape(name))
                    }
                } else if closed {
                    throw Violation(pointer: "/" + escape(name), message: "is not an accepted property")
                }
            }
            do {
                for (name, member) in members { try check(name, member) }
            } catch {
                // Something is wrong: look again in sorted order, so the same input always reports the same member.
                for (name, member) in members.sorted(by: { $0.key < $1.key }) { try check(name, member) }
            }
        case .array(let elements):
            if let minimum = rules["minItems"]?.intValue, elements.count < minimum {
                throw Violation(pointer: "", message: "needs at least \(minimum) items")
            }
            if let maximum = rules["maxItems"]?.intValue, elements.count > maximum {
                throw Violation(pointer: "", message: "allows at most \(maximum) items")
            }
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() {
                    do {
                        try validate(element, against: items)
                    } catch {
                        throw error.under("/\(index)")
                    }
                }
            }
        case .string(let string):
            let length = string.unicodeScalars.count
            if let minimum = rules["minLength"]?.intValue, length < minimum {
                throw Violation(pointer: "", message: "must be at least \(minimum) characters")
            }
            if let maximum = rules["maxLength"]?.intValue, length > maximum {
                throw Violation(pointer: "", message: "must be at most \(maximum) characters")
            }
        case .number:
            guard let number = value.doubleValue else {
                throw Violation(pointer: "", message: "is not a finite number")
            }
            if let minimum = rules["minimum"]?.doubleValue, number < minimum {
                throw Violation(
                    pointer: "", message: "must be at least \(rules["minimum"].map(JSONWriter.serialize) ?? "")")
            }
            if let maximum = rules["maximum"]?.doubleValue, number > maximum {
                throw Violation(
                    pointer: "", message: "must be at most \(rules["maximum"].map(JSONWriter.serialize) ?? "")")
            }
        default:
            break
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null):
            return true
        case ("number", .number):
            return value.doubleValue != nil
        case ("integer", .number):
            return value.intValue != nil
        default:
            return false
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
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
