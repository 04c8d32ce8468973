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
    /// build: docs/decisions/0002-schemas-from-types-without-a-macro.md), so descriptions are given in
    /// `schemaFields`, where a name the type does not decode is an error.
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
        case .base64:
            schema = ["type": "string", "contentEncoding": "base64"]
        case .integer(let minimum, let maximum):
            schema = ["type": "integer"]
            if let minimum { schema["minimum"] = .integer(Int(minimum)) }
            if let maximum { schema["maximum"] = .integer(Int(maximum)) }
        case .number:
            schema = ["type": "number"]
        case .boolean:
            schema = ["type": "boolean"]
        case .enumeration(let cases):
            schema = ["type": "string", "enum": .array(cases.map(JSONValue.string))]
        case .array(let element):
            schema = ["type": "array", "items": try json(of: element, at: path + "[]")]
        case .map:
            schema = ["type": "object", "additionalProperties": true]
        case .any:
            schema = [:]
        case .object(let type, let properties):
            schema = try object(type, properties, at: path)
        }
        if let field { try apply(field, to: &schema, shape: shape, at: path) }
        return .object(schema)
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
        for property in properties {
            members[property.name] = try json(
                of: property.shape, at: path + "." + property.name, field: fields[property.name])
        }
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(members), "additionalProperties": false,
        ]
        let required = properties.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        if let description = derivable?.schemaDescription { schema["description"] = .string(description) }
        return schema
    }

    /// Adds a field's description and bounds, each only where it fits the property's type.
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
        if let value = field.minLength { schema["minLength"] = .integer(value) }
        if let value = field.maxLength { schema["maxLength"] = .integer(value) }
        if let value = field.minItems { schema["minItems"] = .integer(value) }
        if let value = field.maxItems { schema["maxItems"] = .integer(value) }
        for (keyword, bound, tighter) in [
            ("minimum", field.minimum, { (a: Double, b: Double) in a > b }),
            ("maximum", field.maximum, { (a: Double, b: Double) in a < b }),
        ] {
            guard let bound else { continue }
            if isInteger && bound != bound.rounded() {
                throw SchemaDerivationFailure(
                    "\(path): \(keyword) \(bound) is not a whole number, but the property is an integer")
            }
            // A declared bound only narrows the type's own (UInt8's 0…255).
            if let existing = schema[keyword]?.doubleValue, !tighter(bound, existing) { continue }
            schema[keyword] = isInteger ? .integer(Int(bound)) : .double(bound)
        }
    }
}
