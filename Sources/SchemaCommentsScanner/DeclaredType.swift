/// A type declaration as ``DeclarationScanner`` reads it: where it is, whether it can be extended from another
/// file, what it conforms to, and the documentation of its properties (a type's own comment is not used: its
/// description stays `schemaDescription`'s).
public struct DeclaredType: Equatable, Sendable {
    /// The name from the outermost declaration in, as an extension names it (`Tools.Reminder`).
    public var qualifiedName: String
    /// False for a type that is `private` or `fileprivate`, or declared inside one, or inside a function: another
    /// file cannot extend it.
    public var isExtensible: Bool
    /// Whether it is a class (a subclass of one of the target's classes inherits its comments, and must not get its
    /// own: a static member in an extension cannot be overridden).
    public var isClass: Bool
    /// The names its declaration's inheritance clause lists (`Decodable`, `SchemaDerivable`, a refining protocol).
    public var inheritedNames: [String]
    /// The documented properties (`var`/`let`, not `static`), in order.
    public var documentedProperties: [DocumentedProperty]

    /// Creates a declaration.
    public init(
        qualifiedName: String, isExtensible: Bool, isClass: Bool = false, inheritedNames: [String],
        documentedProperties: [DocumentedProperty] = []
    ) {
        self.qualifiedName = qualifiedName
        self.isClass = isClass
        self.isExtensible = isExtensible
        self.inheritedNames = inheritedNames
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
    /// The names extensions here add conformances to, with the names they list (`extension Reminder: SchemaDerivable`).
    public var extensionConformances: [String: [String]] = [:]
    /// Protocols declared at file scope, with the protocols they refine (`protocol ToolInput: SchemaDerivable`).
    public var protocols: [String: [String]] = [:]
    /// Names of every type declared at file scope (any kind): a generated extension can only name types of the
    /// target, not a type nested in an extension of an imported one.
    public var topLevelTypeNames: Set<String> = []
    /// `CodingKeys` cases with their raw values (the case name when it has none), by the qualified name of the type
    /// they belong to, whether the enum is in the type's body or in an extension of it.
    public var codingKeys: [String: [String: String]] = [:]
    /// `typealias` names with the last name of what they stand for.
    public var typeAliases: [String: String] = [:]
    /// Qualified names of types that declare `static var schemaFieldComments` themselves.
    public var declaresComments: Set<String> = []
    /// False when the file's braces do not balance as the scanner reads them (a regex literal holding a brace): its
    /// results are then not used.
    public var isBalanced = true

    /// An empty result.
    public init() {}
}
