import GatehouseJSON

extension JSONSchema {
    /// The JSON Schema of a `Decodable` type, derived from its conformance: properties decoded with `decode` are
    /// `required`, with `decodeIfPresent` (optionals) not; `String`, `Bool`, integers (with the bounds of sized
    /// ones such as `UInt8`), floating-point numbers and `Decimal`, `URL` and `UUID` (strings with a `format`),
    /// `Data` (base64), `Date` (a number: seconds since 2001, JSONDecoder's default), arrays and sets,
    /// nested structs, dictionaries (open objects) and ``SchemaEnumeration`` enums (`enum` of their raw values).
    /// Objects are closed (`additionalProperties: false`), as the decoder ignores nothing silently. Descriptions
    /// and bounds come from ``SchemaDerivable/schemaFields``.
    ///
    /// Swift keeps no doc comments at run time and no macro is used (it would add swift-syntax to every first
    /// build: docs/decisions/0002-schemas-from-types-without-a-macro.md). Descriptions come from `schemaFields`,
    /// where a name the type does not decode is an error, or from the properties' doc comments when the target
    /// applies the `SchemaComments` build plugin (``SchemaDerivable/schemaFieldComments``).
    ///
    /// ```swift
    /// struct Reminder: SchemaDerivable, Sendable {
    ///     var text: String
    ///     var minutes: Int?
    ///     static let schemaFields = ["text": SchemaField("What to remind you of", minLength: 1)]
    /// }
    /// let schema = try JSONSchema.derived(from: Reminder.self)
    /// ```
    /// - Throws: ``SchemaDerivationFailure`` naming the type and property: a detail for a property the type does
    ///   not decode, a bound that does not fit the property's type, a recursive type, an enumeration that does not
    ///   list its cases, an `init(from:)` that refuses placeholder values.
    public static func derived<T: Decodable>(from type: T.Type) throws(SchemaDerivationFailure) -> JSONSchema {
        let shape: ProbedShape
        do {
            shape = try SchemaProbe().probe(type, at: "\(T.self)").0
        } catch let failure as SchemaDerivationFailure {
            throw failure
        } catch {
            throw SchemaDerivationFailure("\(T.self): \(error)")
        }
        return JSONSchema(raw: try DerivedSchemaWriter.json(of: shape, at: "\(T.self)"))
    }
}

/// Writes a probed shape as a JSON Schema document, with the ``SchemaDerivable`` details of each object.
enum DerivedSchemaWriter {
    static func json(of shape: ProbedShape, at path: String, field: SchemaField? = nil) throws(SchemaDerivationFailure)
        -> JSONValue
    {
        var schema: [String: JSONValue]
        switch shape {
        case .string(let format):
            schema = ["type": "string"]
            if let format { schema["format"] = .string(format) }
            // What the format's decoder needs at least (a UUID is 36 characters; a URL is not empty).
            if format == "uuid" { (schema["minLength"], schema["maxLength"]) = (36, 36) }
            if format == "uri" { schema["minLength"] = 1 }
        case .base64:
            schema = ["type": "string", "contentEncoding": "base64"]
        case .integer(let minimum, let maximum):
            schema = ["type": "integer"]
            if let minimum { schema["minimum"] = .integer(Int(minimum)) }
            if let maximum { schema["maximum"] = .integer(Int(maximum)) }
        case .number(let minimum, let maximum):
            schema = ["type": "number"]
            if let minimum { schema["minimum"] = .double(minimum) }
            if let maximum { schema["maximum"] = .double(maximum) }
        case .boolean:
            schema = ["type": "boolean"]
        case .enumeration(let values, let type):
            schema = ["type": .string(type), "enum": .array(values)]
        case .array(let element):
            schema = ["type": "array", "items": try json(of: element, at: path + "[]")]
        case .map(let value):
            schema = ["type": "object", "additionalProperties": try json(of: value, at: path + "[*]")]
        case .nullable(let wrapped):
            return nullable(try json(of: wrapped, at: path, field: field))
        case .any:
            schema = [:]
        case .object(let type, let properties):
            schema = try object(type, properties, at: path)
        }
        if let field { try apply(field, to: &schema, shape: shape, at: path) }
        return .object(schema)
    }

    /// `schema`, or `null`: `decodeIfPresent` (and JSONDecoder) read a `null` member as absent.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard var members = schema.objectValue, let type = members["type"]?.stringValue else { return schema }
        members["type"] = [.string(type), "null"]
        if let values = members["enum"]?.arrayValue { members["enum"] = .array(values + [.null]) }
        return .object(members)
    }

    private static func object(_ type: any Decodable.Type, _ properties: [ProbedShape.Property], at path: String)
        throws(SchemaDerivationFailure) -> [String: JSONValue]
    {
        let derivable = type as? any SchemaDerivable.Type
        let fields = derivable?.schemaFields ?? [:]
        for name in fields.keys.sorted() where !properties.contains(where: { $0.name == name }) {
            throw SchemaDerivationFailure(
                "\(path): schemaFields names \"\(name)\", which \(type) does not decode (it decodes "
                    + properties.map(\.name).joined(separator: ", ") + ")")
        }
        var members: [String: JSONValue] = [:]
        let comments = derivable?.schemaFieldComments ?? [:]
        for property in properties {
            var field = fields[property.name]
            if let comment = comments[property.name], field?.description == nil {
                field = field ?? SchemaField()
                field?.description = comment
            }
            let schema = try json(of: property.shape, at: path + "." + property.name, field: field)
            members[property.name] = property.required ? schema : nullable(schema)
        }
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(members), "additionalProperties": false,
        ]
        let required = properties.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        if let description = derivable?.schemaDescription { schema["description"] = .string(description) }
        return schema
    }

    /// Adds a field's description and bounds, each only where it fits the property's type; bounds must be finite,
    /// whole for integers, and leave some value (minimum ≤ maximum, also against the type's own bounds).
    private static func apply(
        _ field: SchemaField, to schema: inout [String: JSONValue], shape: ProbedShape, at path: String
    ) throws(SchemaDerivationFailure) {
        if let description = field.description { schema["description"] = .string(description) }
        func fits(_ keyword: String, _ given: Bool, _ allowed: Bool, _ what: String) throws(SchemaDerivationFailure) {
            guard given, !allowed else { return }
            throw SchemaDerivationFailure("\(path): \(keyword) applies to \(what), but the property is \(shape.kind)")
        }
        let isString = if case .string = shape { true } else { false }
        let isArray = if case .array = shape { true } else { false }
        let isInteger = if case .integer = shape { true } else { false }
        let isNumber = if case .number = shape { true } else { isInteger }
        try fits("minLength", field.minLength != nil, isString, "strings")
        try fits("maxLength", field.maxLength != nil, isString, "strings")
        try fits("minItems", field.minItems != nil, isArray, "arrays")
        try fits("maxItems", field.maxItems != nil, isArray, "arrays")
        try fits("minimum", field.minimum != nil, isNumber, "numbers")
        try fits("maximum", field.maximum != nil, isNumber, "numbers")
        for (keyword, value) in [
            ("minLength", field.minLength), ("maxLength", field.maxLength), ("minItems", field.minItems),
            ("maxItems", field.maxItems),
        ] {
            guard let value else { continue }
            guard value >= 0 else { throw SchemaDerivationFailure("\(path): \(keyword) \(value) is negative") }
            schema[keyword] = .integer(value)
        }
        for (keyword, bound, tighter) in [
            ("minimum", field.minimum, { (a: Double, b: Double) in a > b }),
            ("maximum", field.maximum, { (a: Double, b: Double) in a < b }),
        ] {
            guard let bound else { continue }
            guard bound.isFinite else { throw SchemaDerivationFailure("\(path): \(keyword) must be finite") }
            if isInteger && (bound != bound.rounded() || Int(exactly: bound) == nil) {
                throw SchemaDerivationFailure(
                    "\(path): \(keyword) \(bound) is not a whole number an integer property can hold")
            }
            // A declared bound only narrows the type's own (UInt8's 0…255).
            if let existing = schema[keyword]?.doubleValue, !tighter(bound, existing) { continue }
            schema[keyword] = isInteger ? .integer(Int(bound)) : .double(bound)
        }
        for (low, high) in [("minimum", "maximum"), ("minLength", "maxLength"), ("minItems", "maxItems")] {
            if let min = schema[low]?.doubleValue, let max = schema[high]?.doubleValue, min > max {
                throw SchemaDerivationFailure("\(path): \(low) is above \(high): no value could satisfy both")
            }
        }
    }
}
