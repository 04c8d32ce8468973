import GatehouseJSON

/// A tool's result as one revision has it (2025-03-26 has no `structuredContent`, and so on).
struct VersionedToolResult: SerializableResult {
    let result: ToolResult
    let version: ProtocolVersion

    var json: JSONValue { result.json(for: version) }

    func write(to output: inout [UInt8]) { result.write(for: version, to: &output) }
}

extension JSONRPCResponse {
    /// Creates the response to a `tools/call`: `result` as `version` has it, serialized only when ``bytes`` are
    /// made (the result's JSON is never built on that path).
    public init(id: JSONRPCID?, toolResult result: ToolResult, version: ProtocolVersion) {
        self.init(id: id, result: VersionedToolResult(result: result, version: version))
    }
}
