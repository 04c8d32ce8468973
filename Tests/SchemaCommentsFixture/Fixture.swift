public import MCPCore

// Types written the ways users write them, for the SchemaComments plugin: the package's strict build compiles what
// it generates for this target (warnings are errors), and SchemaCommentsTests.PluginFixtureTests reads the
// descriptions back.

/// Namespace for nested fixtures.
public enum Fixture {
    /// A renamed coding key, and a computed property whose name is that key.
    public struct Renamed: SchemaDerivable, Sendable {
        /// Given name.
        public var first: String
        /// Shown name (computed: not decoded, and "name" is already first's key).
        public var name: String { first }
        enum CodingKeys: String, CodingKey { case first = "name" }
    }

    /// One property declared in both branches of an #if.
    public struct Conditional: SchemaDerivable, Sendable {
        #if DEBUG
            /// Debug.
            public var value: Int
        #else
            /// Release.
            public var value: Int
        #endif
    }

    /// A name that needs backquotes.
    public struct `default`: SchemaDerivable, Sendable {
        /// Backquoted.
        public var value: Int
    }

    /// An attribute and a modifier between the comment and the property.
    public struct Attributed: SchemaDerivable, Sendable {
        /// Through attributes.
        @usableFromInline internal var value: Int
    }
}

/// A protocol refining SchemaDerivable.
public protocol FixtureInput: SchemaDerivable {}

/// Conforms through the refining protocol.
public struct Refined: FixtureInput, Sendable {
    /// Through a refining protocol.
    public var value: Int
}

/// Conforms in an extension (below).
public struct ExtendedLater: Decodable, Sendable {
    /// Through an extension.
    public var value: Int
}

extension ExtendedLater: SchemaDerivable {}

extension ToolBackend {
    /// Nested in an imported type: the generated file could not name it, so it is left alone.
    public struct FixtureArguments: SchemaDerivable, Sendable {
        /// Never a description.
        public var value: Int
    }
}

/// Declares its own comments: the generated one would be a redeclaration.
public struct SelfDescribed: SchemaDerivable, Sendable {
    /// Not used.
    public var value: Int
    public static var schemaFieldComments: [String: String] { ["value": "Its own."] }
}

private struct Hidden: SchemaDerivable {
    /// Private: another file cannot extend it.
    var value: Int
}

extension Fixture {
    fileprivate struct InFilePrivate: SchemaDerivable {
        /// Fileprivate.
        var value: Int
    }
}

private extension Fixture {
    struct InPrivateExtension: SchemaDerivable {
        /// In a private extension.
        var value: Int
    }
}

#if DEBUG
    /// Exists in debug builds only: left out, so a release build of this target still compiles.
    public struct DebugOnly: SchemaDerivable, Sendable {
        /// Debug only.
        public var value: Int
    }
#endif

/// Deprecated: an extension naming it would warn (an error in the strict build), so it is left out.
@available(*, deprecated, message: "a fixture")
public struct Deprecated: SchemaDerivable, Sendable {
    /// Deprecated.
    public var value: Int
}

/// A class whose subclass conforms again through the refining protocol: only the base gets the comments.
open class BaseInput: SchemaDerivable {
    /// From the base class.
    public var value: Int = 0
}

/// Inherits the base's comments (a static member in an extension cannot be overridden).
public final class SubInput: BaseInput, FixtureInput {}
