import GatehouseJSON

/// The validation keywords of one schema (see ``JSONSchema`` for the supported vocabulary), read from its JSON once
/// when the schema is made, so validating a value costs one hashed look-up per object member instead of one per
/// keyword per value.
final class SchemaRules: Sendable {
    /// `type`: one name, or several (`["integer", "null"]`).
    let types: [String]?
    let allowed: [JSONValue]?
    let properties: [String: SchemaRules]
    let required: [String]
    let closed: Bool
    /// `additionalProperties` as a schema: what members other than `properties` must be.
    let additional: SchemaRules?
    let items: SchemaRules?
    let minItems: Int?
    let maxItems: Int?
    let minLength: Int?
    let maxLength: Int?
    let minimum: JSONValue?
    let maximum: JSONValue?

    init(_ schema: JSONValue) {
        let rules = schema.objectValue ?? [:]
        types = rules["type"].flatMap { type in
            type.stringValue.map { [$0] } ?? type.arrayValue?.compactMap(\.stringValue)
        }
        allowed = rules["enum"]?.arrayValue
        properties = (rules["properties"]?.objectValue ?? [:]).mapValues(SchemaRules.init)
        required = rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        closed = rules["additionalProperties"] == .bool(false)
        additional = rules["additionalProperties"].flatMap { $0.objectValue == nil ? nil : SchemaRules($0) }
        items = rules["items"].map(SchemaRules.init)
        minItems = rules["minItems"]?.intValue
        maxItems = rules["maxItems"]?.intValue
        minLength = rules["minLength"]?.intValue
        maxLength = rules["maxLength"]?.intValue
        minimum = rules["minimum"].flatMap { $0.doubleValue == nil ? nil : $0 }
        maximum = rules["maximum"].flatMap { $0.doubleValue == nil ? nil : $0 }
    }

    typealias Violation = JSONSchema.Violation

    /// Validates `value`. Pointers are built only for a violation, while it propagates up (a passing value
    /// allocates none).
    func validate(_ value: JSONValue) throws(Violation) {
        if let types, !types.contains(where: { Self.matches(value, type: $0) }) {
            if case .number = value, value.doubleValue == nil {
                throw Violation(pointer: "", message: "is not a finite number")
            }
            throw Violation(
                pointer: "", message: "expected \(types.joined(separator: " or ")), got \(Self.kind(of: value))")
        }
        if let allowed, !allowed.contains(value) {
            throw Violation(pointer: "", message: "not one of the allowed values")
        }
        switch value {
        case .object(let members): try validate(members)
        case .array(let elements):
            if let minItems, elements.count < minItems {
                throw Violation(pointer: "", message: "needs at least \(minItems) items")
            }
            if let maxItems, elements.count > maxItems {
                throw Violation(pointer: "", message: "allows at most \(maxItems) items")
            }
            if let items {
                for (index, element) in elements.enumerated() {
                    do {
                        try items.validate(element)
                    } catch {
                        throw error.under("/\(index)")
                    }
                }
            }
        case .string(let string):
            let length = string.unicodeScalars.count
            if let minLength, length < minLength {
                throw Violation(pointer: "", message: "must be at least \(minLength) characters")
            }
            if let maxLength, length > maxLength {
                throw Violation(pointer: "", message: "must be at most \(maxLength) characters")
            }
        case .number:
            guard let number = value.doubleValue else {
                throw Violation(pointer: "", message: "is not a finite number")
            }
            if let minimum, let bound = minimum.doubleValue, number < bound {
                throw Violation(pointer: "", message: "must be at least \(JSONWriter.serialize(minimum))")
            }
            if let maximum, let bound = maximum.doubleValue, number > bound {
                throw Violation(pointer: "", message: "must be at most \(JSONWriter.serialize(maximum))")
            }
        default:
            break
        }
    }

    /// An object's members: required ones first, then each member against its property schema, reporting the first
    /// violation in sorted member order (looked for in sorted order only once something is wrong).
    private func validate(_ members: [String: JSONValue]) throws(Violation) {
        for name in required where members[name] == nil {
            throw Violation(pointer: "/" + JSONSchema.escape(name), message: "is required")
        }
        let check = { (name: String, member: JSONValue) throws(Violation) in
            if let propertyRules = self.properties[name] ?? self.additional {
                do throws(Violation) {
                    try propertyRules.validate(member)
                } catch {
                    throw error.under("/" + JSONSchema.escape(name))
                }
            } else if self.closed {
                throw Violation(pointer: "/" + JSONSchema.escape(name), message: "is not an accepted property")
            }
        }
        do {
            for (name, member) in members { try check(name, member) }
        } catch {
            for (name, member) in members.sorted(by: { $0.key < $1.key }) { try check(name, member) }
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
}
