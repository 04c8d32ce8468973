import GatehouseJSON

/// A `Decodable` type that adds to its derived JSON Schema what the type system cannot say: a description and
/// bounds per property, by the property's JSON name (its coding key).
///
/// ```swift
/// struct Reminder: SchemaDerivable, Sendable {
///     var text: String
///     var minutes: Int?
///     static let schemaFields: [String: SchemaField] = [
///         "text": SchemaField("What to remind you of", minLength: 1, maxLength: 200),
///         "minutes": SchemaField("Minutes from now", minimum: 1, maximum: 1440),
///     ]
/// }
/// ```
///
/// Every name must be one the type decodes, and every bound must suit the property's type: a mistake stops the
/// tool's registration (``JSONSchema/derived(from:)``), so the schema cannot drift from the type.
///
/// With the `SchemaComments` build plugin applied to the target, a property's doc comment is its description
/// (``schemaFieldComments``), and `schemaFields` is needed only for bounds or to say something else:
///
/// ```swift
/// struct Reminder: SchemaDerivable, Sendable {
///     /// What to remind you of.
///     var text: String
///     static let schemaFields = ["text": SchemaField(minLength: 1, maxLength: 200)]
/// }
/// ```
public protocol SchemaDerivable: Decodable {
    /// Descriptions and bounds, by JSON property name.
    static var schemaFields: [String: SchemaField] { get }
    /// The doc comments of the type's properties, by JSON property name: written by the `SchemaComments` build
    /// plugin, not by hand. A property's description is its `schemaFields` description if it has one, else its
    /// comment; a comment on a property the type does not decode (a computed one) is ignored.
    static var schemaFieldComments: [String: String] { get }
    /// The description of the whole object, when there is one.
    static var schemaDescription: String? { get }
}

extension SchemaDerivable {
    /// No descriptions or bounds.
    public static var schemaFields: [String: SchemaField] { [:] }
    /// No comments (the `SchemaComments` plugin is not applied, or no property is documented).
    public static var schemaFieldComments: [String: String] { [:] }
    /// No description.
    public static var schemaDescription: String? { nil }
}

/// What a derived schema says about one property beyond its type: JSON Schema 2020-12 `description` and the
/// validation keywords ``JSONSchema`` checks (`minimum`/`maximum` for numbers, `minLength`/`maxLength` for strings,
/// `minItems`/`maxItems` for arrays).
public struct SchemaField: Sendable, Hashable {
    /// `description`.
    public var description: String?
    /// `minimum` (integers and numbers).
    public var minimum: Double?
    /// `maximum` (integers and numbers).
    public var maximum: Double?
    /// `minLength` (strings).
    public var minLength: Int?
    /// `maxLength` (strings).
    public var maxLength: Int?
    /// `minItems` (arrays).
    public var minItems: Int?
    /// `maxItems` (arrays).
    public var maxItems: Int?

    /// Creates the details of a property.
    public init(
        _ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil, minLength: Int? = nil,
        maxLength: Int? = nil, minItems: Int? = nil, maxItems: Int? = nil
    ) {
        self.description = description
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.minItems = minItems
        self.maxItems = maxItems
    }
}

/// An enumeration whose cases a derived schema lists as `enum`: a raw-value enum decodes only its own raw values,
/// which the schema cannot otherwise know. Raw values are strings or integers.
///
/// ```swift
/// enum Priority: String, SchemaEnumeration { case low, normal, high }
/// enum Level: Int, SchemaEnumeration { case one = 1, two, three }
/// ```
public protocol SchemaEnumeration: CaseIterable, RawRepresentable, Decodable where RawValue: Decodable {}

extension SchemaEnumeration {
    /// The raw values as JSON, in declaration order, and their JSON type; nil for raw values neither strings nor
    /// integers.
    static var schemaCases: (values: [JSONValue], type: String)? {
        var values: [JSONValue] = []
        var type = "string"
        for value in allCases.map(\.rawValue) {
            if let string = value as? String {
                values.append(.string(string))
            } else if let integer = value as? any BinaryInteger, let exact = Int(exactly: integer) {
                values.append(.integer(exact))
                type = "integer"
            } else {
                return nil
            }
        }
        return (values, type)
    }
    /// A value to hand back while probing (the first case).
    static var schemaPlaceholder: Self? { allCases.first }
}
