public import GatehouseJSON

/// What a tool returns (MCP `CallToolResult`).
///
/// A tool's own failure is a result with ``isError`` set, not a JSON-RPC error: the model sees it and can react.
public struct ToolResult: Sendable, Hashable {
    /// Content blocks.
    public var content: [ToolContent]
    /// Structured output matching the tool's `outputSchema` (2025-06-18 and later; older clients get it as text).
    public var structuredContent: JSONValue?
    /// Whether the tool failed.
    public var isError: Bool
    /// `_meta` of the result (for example `mcp/www_authenticate` challenges).
    public var meta: [String: JSONValue]

    /// Creates a result.
    public init(
        content: [ToolContent], structuredContent: JSONValue? = nil, isError: Bool = false,
        meta: [String: JSONValue] = [:]
    ) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
        self.meta = meta
    }

    /// A text result.
    public static func text(_ text: String) -> ToolResult { ToolResult(content: [.text(text)]) }

    /// A structured result; the same JSON is also given as text for clients without structured output.
    public static func structured(_ value: JSONValue) -> ToolResult {
        ToolResult(content: [.text(JSONWriter.serialize(value))], structuredContent: value)
    }

    /// A tool failure the model should see.
    public static func error(_ message: String) -> ToolResult { ToolResult(content: [.text(message)], isError: true) }

    /// The result as JSON for `version`.
    public func json(for version: ProtocolVersion) -> JSONValue {
        // Room for every member below, so the object is not rehashed as it grows.
        var result = [String: JSONValue](minimumCapacity: 5)
        result["content"] = .array(content.map { $0.json(for: version) })
        if let structuredContent, version.hasStructuredToolOutput { result["structuredContent"] = structuredContent }
        if isError { result["isError"] = true }
        if !meta.isEmpty { result["_meta"] = .object(meta) }
        if version.hasResultType { result["resultType"] = "complete" }
        return .object(result)
    }

    /// Appends the result as JSON for `version`: the same bytes as `JSONWriter.write(json(for: version))`, without
    /// building the tree first.
    public func write(for version: ProtocolVersion, to output: inout [UInt8]) {
        var members = JSONMemberWriter(to: &output)
        if !meta.isEmpty { members.value("_meta", .object(meta), to: &output) }
        members.name("content", to: &output)
        output.append(UInt8(ascii: "["))
        for (index, block) in content.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            block.write(for: version, to: &output)
        }
        output.append(UInt8(ascii: "]"))
        if isError { members.value("isError", true, to: &output) }
        if version.hasResultType { members.string("resultType", "complete", to: &output) }
        if let structuredContent, version.hasStructuredToolOutput {
            members.value("structuredContent", structuredContent, to: &output)
        }
        members.finish(to: &output)
    }
}

/// Thrown by a tool handler to fail with a message the model may see (becomes an `isError` result).
/// Any other error becomes an `isError` result with a generic message; its text is logged, not sent.
public struct ToolError: Error, Sendable, CustomStringConvertible {
    /// The message for the model.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
