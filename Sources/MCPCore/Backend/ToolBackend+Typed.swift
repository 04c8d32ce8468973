import Foundation
public import GatehouseJSON

extension ToolBackend {
    /// Registers a tool whose arguments decode into `Input`.
    ///
    /// Arguments are validated against `input` (the schema, declared once) before decoding; a violation is a
    /// JSON-RPC -32602 naming the offending field, and the handler never runs. Arguments the schema accepts but
    /// `Input` cannot decode (the two disagree) are a -32602 naming the field and what the type expected.
    ///
    /// ```swift
    /// struct AddNote: Decodable, Sendable { var text: String }
    /// backend.tool("add_note", description: "Save a note",
    ///              input: AddNote.self, schema: .object(["text": .string(minLength: 1)], required: ["text"]),
    ///              scopes: ["notes.write"]) { note, context in
    ///     notes.append(note.text)
    ///     return .text("saved")
    /// }
    /// ```
    public func tool<Input: Decodable & Sendable>(
        _ name: String,
        title: String? = nil,
        description: String,
        input: Input.Type,
        schema: JSONSchema,
        outputSchema: JSONSchema? = nil,
        annotations: [String: JSONValue] = [:],
        scopes: [String] = [],
        allowsAnonymous: Bool = false,
        handler: @escaping @Sendable (Input, CallContext) async throws -> ToolResult
    ) {
        add(
            Tool(
                name: name, title: title, description: description, inputSchema: schema, outputSchema: outputSchema,
                annotations: annotations, requiredScopes: scopes, allowsAnonymous: allowsAnonymous
            ) { arguments, context in
                let decoded: Input
                do {
                    decoded = try ArgumentDecoder().decode(Input.self, from: .object(arguments))
                } catch let error as DecodingError {
                    throw ArgumentDecodingFailure(error).mcpError
                } catch {
                    throw MCPError.invalidParams("the arguments do not decode as the tool's input type")
                }
                return try await handler(decoded, context)
            }
        )
    }
}
