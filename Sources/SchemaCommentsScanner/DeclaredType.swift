/// A type declaration as ``DeclarationScanner`` reads it: where it is, whether it can be extended from another
/// file, and the documentation of the type and of its properties.
public struct DeclaredType: Equatable, Sendable {
    /// The name from the outermost declaration in, as an extension names it (`Tools.Reminder`).
    public var qualifiedName: String
    /// False for a type that is `private` or `fileprivate`, or declared inside one, or inside a function: another
    /// file cannot extend it.
    public var isExtensible: Bool
    /// Whether its declaration lists `SchemaDerivable`.
    public var declaresSchemaDerivable: Bool
    /// The type's own documentation comment, as lines.
    public var documentation: [String]
    /// The documented properties (`var`/`let`, not `static`), in order.
    public var documentedProperties: [DocumentedProperty]

    /// Creates a declaration.
    public init(
        qualifiedName: String, isExtensible: Bool, declaresSchemaDerivable: Bool, documentation: [String] = [],
        documentedProperties: [DocumentedProperty] = []
    ) {
        self.qualifiedName = qualifiedName
        self.isExtensible = isExtensible
        self.declaresSchemaDerivable = declaresSchemaDerivable
        self.documentation = documentation
        self.documentedProperties = documentedProperties
    }
}

/// A property and the lines of its documentation comment.
public struct DocumentedProperty: Equatable, Sendable {
    /// The Swift name.
    public var name: String
    /// The comment's lines, without `///`.
    public var lines: [String]

    /// Creates a documented property.
    public init(_ name: String, _ lines: [String]) {
        self.name = name
        self.lines = lines
    }
}

/// What ``DeclarationScanner`` finds in one file.
public struct ScannedFile: Equatable, Sendable {
    /// The struct, class and actor declarations.
    public var types: [DeclaredType] = []
    /// Qualified names of types an extension here makes `SchemaDerivable` (`extension Reminder: SchemaDerivable`).
    public var extendedToSchemaDerivable: [String] = []
    /// `CodingKeys` cases whose raw value is not their name (`case firstName = "first_name"`), by the qualified name
    /// of the type they belong to, whether the enum is in the type's body or in an extension of it.
    public var codingKeys: [String: [String: String]] = [:]

    /// An empty result.
    public init() {}
}
