import Foundation
public import GatehouseJSON

extension ToolBackend {
    /// Registers a tool whose input schema is derived from `Input` (``JSONSchema/derived(from:)``) and whose result
    /// is free-form.
    ///
    /// ```swift
    /// struct Greeting: SchemaDerivable, Sendable {
    ///     var name: String
    ///     static let schemaFields = ["name": SchemaField("Whom to greet", minLength: 1)]
    /// }
    /// backend.tool("greet", description: "Say hello") { (input: Greeting, _) in .text("Hello, \(input.name)!") }
    /// ```
    ///
    /// A type the schema cannot be derived from stops the program here, naming the type and the property (a
    /// programming error, found at start-up like a schema whose `required` names no property).
    public func tool<Input: Decodable & Sendable>(
        _ name: String,
        title: String? = nil,
        description: String,
        annotations: [String: JSONValue] = [:],
        scopes: [String] = [],
        allowsAnonymous: Bool = false,
        handler: @escaping @Sendable (Input, CallContext) async throws -> ToolResult
    ) {
        tool(
            name, title: title, description: description, input: Input.self,
            schema: Self.derivedSchema(Input.self, tool: name), annotations: annotations, scopes: scopes,
            allowsAnonymous: allowsAnonymous, handler: handler)
    }

    /// Registers a tool whose input and output schemas are derived from `Input` and `Output`; the handler's value
    /// is the tool's structured result (`structuredContent`, and the same JSON as text for older clients).
    ///
    /// ```swift
    /// struct Sum: Codable, Sendable { var total: Double }
    /// struct Numbers: Decodable, Sendable { var values: [Double] }
    /// backend.tool("sum", description: "Add numbers") { (input: Numbers, _) in
    ///     Sum(total: input.values.reduce(0, +))
    /// }
    /// ```
    ///
    /// The output schema is derived from `Output`'s `Decodable` side, so `Output` is `Codable`; what the handler
    /// returns is encoded with `JSONEncoder`'s default strategies (dates as seconds since 2001, as `Date` decodes).
    public func tool<Input: Decodable & Sendable, Output: Codable & Sendable>(
        _ name: String,
        title: String? = nil,
        description: String,
        annotations: [String: JSONValue] = [:],
        scopes: [String] = [],
        allowsAnonymous: Bool = false,
        handler: @escaping @Sendable (Input, CallContext) async throws -> Output
    ) {
        tool(
            name, title: title, description: description, input: Input.self,
            schema: Self.derivedSchema(Input.self, tool: name),
            outputSchema: Self.derivedSchema(Output.self, tool: name), annotations: annotations, scopes: scopes,
            allowsAnonymous: allowsAnonymous
        ) { input, context in
            let output = try await handler(input, context)
            let value: JSONValue
            do {
                value = try StrictJSONParser().parse(Array(JSONEncoder().encode(output)))
            } catch {
                throw ToolError("the tool's result could not be encoded as JSON")
            }
            return .structured(value)
        }
    }

    private static func derivedSchema<T: Decodable>(_ type: T.Type, tool name: String) -> JSONSchema {
        do {
            let schema = try JSONSchema.derived(from: type)
            guard schema.json["type"] == "object" else {
                fatalError(
                    "tool \(name): \(T.self) must be a struct with properties (a JSON object), not a single value")
            }
            return schema
        } catch {
            fatalError("tool \(name): no schema can be derived from \(T.self): \(error.description)")
        }
    }
}
