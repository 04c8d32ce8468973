import Foundation
import GatehouseJSON
public import MCPCore

/// The tool backend `gatehouse serve` offers out of the box: one tool of each kind of access, so both presets can
/// be tried end to end.
///
/// | tool | needs |
/// |---|---|
/// | `server_time` | nothing (`noauth` on the OpenAI-style endpoint; any valid token on the Claude-style one) |
/// | `whoami` | any valid token |
/// | `list_notes`, resource `notes://mine` | `notes.read` |
/// | `add_note` | `notes.write` |
///
/// Notes are kept per caller (issuer + subject), in memory.
public enum ExampleBackend {
    /// The read scope.
    public static let readScope = "notes.read"
    /// The write scope.
    public static let writeScope = "notes.write"

    /// A fresh backend with its own notes store.
    public static func make() -> ToolBackend {
        let backend = ToolBackend()
        let store = NotesStore()
        addServerTime(to: backend)
        addWhoAmI(to: backend)
        addNotes(to: backend, store: store)
        return backend
    }

    static func addServerTime(to backend: ToolBackend) {
        backend.add(
            Tool(
                name: "server_time", title: "Server time",
                description: "The server's current time (no sign-in needed).",
                annotations: ["readOnlyHint": true], allowsAnonymous: true
            ) { _, _ in
                .text(Date.now.formatted(.iso8601))
            })
    }

    /// `whoami` builds its JSON by hand (the explicit form): it is the tool `scripts/bench.sh` calls, so the shipped
    /// benchmark keeps measuring the same work; typed results go through `JSONEncoder`.
    static func addWhoAmI(to backend: ToolBackend) {
        backend.add(
            Tool(
                name: "whoami", title: "Who am I", description: "Who the server believes is calling, from the token.",
                outputSchema: .object(
                    [
                        "issuer": .string(), "subject": .string(), "client_id": .string(),
                        "scopes": .array(of: .string()), "endpoint": .string(),
                    ], required: ["issuer", "subject", "scopes", "endpoint"]),
                annotations: ["readOnlyHint": true]
            ) { _, context in
                guard let caller = context.caller else { throw ToolError("no verified caller") }
                var identity: [String: JSONValue] = [
                    "issuer": .string(caller.issuer), "subject": .string(caller.subject),
                    "scopes": .array(caller.scopes.map(JSONValue.string)), "endpoint": .string(context.endpoint),
                ]
                if let clientID = caller.clientID { identity["client_id"] = .string(clientID) }
                return .structured(.object(identity))
            })
    }

    /// `add_note`'s input: its schema is derived from it. The property's doc comment is its description (this
    /// target applies the SchemaComments build plugin); `schemaFields` adds the bounds.
    struct NewNote: SchemaDerivable, Sendable {
        /// The note's text.
        var text: String
        static let schemaFields = ["text": SchemaField(minLength: 1, maxLength: 2000)]
    }

    /// `list_notes`'s result.
    struct NoteList: Codable, Sendable {
        var notes: [String]
    }

    static func addNotes(to backend: ToolBackend, store: NotesStore) {
        backend.tool(
            "list_notes", title: "List my notes", description: "Your notes, oldest first.",
            annotations: ["readOnlyHint": true], scopes: [readScope]
        ) { (_: NoArguments, context) in
            guard let caller = context.caller else { throw ToolError("no verified caller") }
            return NoteList(notes: await store.notes(of: caller))
        }
        backend.tool(
            "add_note", title: "Add a note", description: "Save a short note for yourself.",
            annotations: ["readOnlyHint": false, "destructiveHint": false], scopes: [writeScope]
        ) { (note: NewNote, context) in
            guard let caller = context.caller else { throw ToolError("no verified caller") }
            let count = await store.add(note.text, for: caller)
            return .text("Saved. You have \(count) note\(count == 1 ? "" : "s").")
        }
        backend.add(
            Resource(
                uri: "notes://mine", name: "My notes", description: "Your notes as text, one per line",
                requiredScopes: [readScope]
            ) { uri, context in
                guard let caller = context.caller else { throw ToolError("no verified caller") }
                return [.text(await store.notes(of: caller).joined(separator: "\n"), uri: uri)]
            })
    }
}
