/// Why a JSON Schema could not be derived from a type: it names the type and the property, and what to do.
public struct SchemaDerivationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `Reminder.priority: Priority decodes from a string but does not list its cases; …`.
    public let description: String

    init(_ description: String) { self.description = description }
}
