import GatehouseJSON
import MCPCore
import Synchronization

/// A small backend exercising every feature, shared by the MCPCore tests.
enum TestBackend {
    struct AddNote: Decodable, Sendable {
        var text: String
        var pinned: Bool?
    }

    static func make() -> (ToolBackend, Notes) {
        let backend = ToolBackend()
        let notes = Notes()
        backend.tool(
            "add_note", title: "Add a note", description: "Save a note", input: AddNote.self,
            schema: .object(["text": .string(minLength: 1, maxLength: 200), "pinned": .boolean()], required: ["text"]),
            scopes: ["notes.write"]
        ) { note, _ in
            notes.append(note.text)
            return .text("saved: \(note.text)")
        }
        backend.add(
            Tool(
                name: "count", description: "Count up",
                inputSchema: .object(["to": .integer(minimum: 1, maximum: 5)], required: ["to"]),
                outputSchema: .object(["counted": .integer()], required: ["counted"]), requiredScopes: ["notes.read"]
            ) { arguments, context in
                let limit = arguments["to"]!.intValue!
                for step in 1...limit { await context.reportProgress(Double(step), total: Double(limit)) }
                return .structured(["counted": .integer(limit)])
            }
        )
        backend.add(
            Tool(name: "whoami", description: "Who is calling", allowsAnonymous: true) { _, context in
                .text(
                    context.caller.map { "\($0.issuer) \($0.subject) on \(context.endpoint)" }
                        ?? "anonymous on \(context.endpoint)")
            })
        backend.add(
            Tool(name: "fails", description: "Always fails") { _, _ in throw ToolError("the notebook is locked") })
        backend.add(
            Tool(name: "crashes", description: "Throws an internal error") { _, _ in
                throw InternalFailure(secret: "db password is hunter2")
            })
        backend.add(
            Tool(name: "slow", description: "Waits until cancelled") { _, _ in
                try await Task.sleep(for: .seconds(30))
                return .text("finished")
            })
        backend.add(
            Resource(uri: "notes://all", name: "All notes", mimeType: "text/plain") { uri, _ in
                [.text(notes.all.joined(separator: "\n"), uri: uri)]
            })
        backend.add(
            Resource(template: "notes://{id}", name: "One note", mimeType: "text/plain") { uri, _ in
                [.text("note \(uri.dropFirst("notes://".count))", uri: uri)]
            })
        backend.add(
            Prompt(
                name: "summarize", description: "Summarize notes",
                arguments: [.init(name: "style", required: true, suggestions: ["brief", "bullet", "detailed"])]
            ) { arguments, _ in
                [.user("Summarize my notes, \(arguments["style"]!).")]
            }
        )
        return (backend, notes)
    }

    struct InternalFailure: Error {
        let secret: String
    }
}

final class Notes: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ note: String) { storage.withLock { $0.append(note) } }
    var all: [String] { storage.withLock { $0 } }
}

func request(_ method: String, id: JSONRPCID = .number(1), _ params: [String: JSONValue] = [:]) -> JSONRPCRequest {
    JSONRPCRequest(id: id, method: method, params: params)
}

let modernRequestMeta: JSONValue = [
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": [:],
    "io.modelcontextprotocol/clientInfo": ["name": "test", "version": "1"],
]
