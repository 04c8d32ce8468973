/// The input of a typed tool that takes no arguments: an empty object, whose derived schema refuses any property.
///
/// ```swift
/// backend.tool("list_notes", description: "Your notes") { (_: NoArguments, context) in NoteList(notes: []) }
/// ```
public struct NoArguments: Decodable, Sendable, Equatable {
    /// The empty input.
    public init() {}

    /// Reads an object (of no properties; the schema refuses others before decoding).
    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
