import GatehouseJSON

extension JSONSchema {
    /// A defect in a schema's own definition, found when a tool is registered: the schema and the code that uses
    /// it would otherwise drift apart unnoticed (issue #16, "Schemas cannot drift from the code").
    public struct DefinitionProblem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Where in the schema, as a JSON Pointer (RFC 6901) into the schema document.
        public let pointer: String
        /// What is wrong.
        public let message: String

        public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
    }

    /// The definition's defects, outermost first. Today one kind: a closed object (`additionalProperties: false`)
    /// whose `required` names a property it does not declare — no value can satisfy it (the property is both
    /// required and refused), so a tool with it could never be called.
    public var definitionProblems: [DefinitionProblem] {
        Self.problems(in: json, at: "")
    }

    private static func problems(in schema: JSONValue, at pointer: String) -> [DefinitionProblem] {
        guard let members = schema.objectValue else { return [] }
        var found: [DefinitionProblem] = []
        let properties = members["properties"]?.objectValue ?? [:]
        if members["additionalProperties"] == .bool(false) {
            for name in members["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where properties[name] == nil {
                found.append(
                    DefinitionProblem(
                        pointer: pointer + "/required",
                        message:
                            "requires \"\(name)\", which is not among its properties (declared: "
                            + "\(properties.keys.sorted().joined(separator: ", "))): no call could satisfy it"))
            }
        }
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            found += problems(in: property, at: pointer + "/properties/" + escape(name))
        }
        if let items = members["items"] { found += problems(in: items, at: pointer + "/items") }
        return found
    }
}
