import GatehouseJSON

/// What probing a type's `init(from:)` found: the JSON shape it decodes.
indirect enum ProbedShape {
    /// A property of an object.
    struct Property {
        /// Its JSON name (coding key).
        let name: String
        /// What it holds.
        let shape: ProbedShape
        /// Whether `init(from:)` decodes it with `decode` (required) rather than `decodeIfPresent`.
        let required: Bool
    }

    case string(format: String?)
    /// `Data`: a base64 string.
    case base64
    /// An integer, with the bounds its Swift type has (`UInt8`: 0…255); `Int` and `Int64` have none that JSON
    /// numbers can hold exactly.
    case integer(minimum: Double?, maximum: Double?)
    /// A number, with the bounds its Swift type has (`Float`'s finite range).
    case number(minimum: Double?, maximum: Double?)
    case boolean
    /// An enumeration's raw values, and their JSON type (`string`, `integer` or `number`).
    case enumeration([JSONValue], type: String)
    case array(ProbedShape)
    /// An object: its properties in the order decoded, and the Swift type (for ``SchemaDerivable`` details).
    case object(type: any Decodable.Type, properties: [Property])
    /// An object with arbitrary keys (a dictionary), each member's value of this shape.
    case map(ProbedShape)
    /// The shape, or `null` (`decode(T?.self)`; optional properties are made nullable where they are written).
    case nullable(ProbedShape)
    /// Anything (an array whose element was never decoded).
    case any

    /// The JSON Schema `type` name, for messages.
    var kind: String {
        switch self {
        case .string, .base64: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .enumeration: "an enumeration"
        case .array: "an array"
        case .object, .map: "an object"
        case .nullable(let shape): shape.kind
        case .any: "any value"
        }
    }
}
