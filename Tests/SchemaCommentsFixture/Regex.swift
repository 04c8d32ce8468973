public import MCPCore

/// A bare regex literal holding a brace: the scanner cannot follow this file's braces, so it uses nothing from it
/// (and the generated file still compiles).
public enum RegexHolder {
    static func closes(_ text: String) -> Bool { text.contains(/[}]/) }
    static func opens(_ text: String) -> Bool { text.contains(#/[{"]/#) }

    /// Left without descriptions.
    public struct Unreliable: SchemaDerivable, Sendable {
        /// Not used.
        public var value: Int
    }
}
