public import GatehouseJSON

/// A JSON-RPC error object (JSON-RPC 2.0 §5.1) with the MCP codes.
///
/// `message` is always written for the client: internal failures get a fixed message, never an exception's text.
public struct MCPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON-RPC error code.
    public let code: Int
    /// A short description for the client.
    public let message: String
    /// Structured details (for example the offending field, or the supported versions).
    public let data: JSONValue?
    /// Set only by ``inputRequired(_:)``: not an error at all but a 2026-07-28 `InputRequiredResult` the dispatcher
    /// sends as the request's result. Never read from the wire, so no peer's error can pose as one.
    public let inputRequired: InputRequired?

    /// Creates an error.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
        self.inputRequired = nil
    }

    private init(_ input: InputRequired) {
        code = -32603
        message =
            "Input required: the server needs input (elicitation, sampling or roots) that only a 2026-07-28 multi "
            + "round-trip request can carry"
        data = ["cause": "input_required"]
        inputRequired = input
    }

    /// The answer of a `tools/call`, `prompts/get` or `resources/read` that needs more input from the client
    /// (basic/patterns/mrtr.mdx). The dispatcher sends it as the result of a 2026-07-28 request of those methods;
    /// anywhere else it is this -32603 error, which says why.
    public static func inputRequired(_ input: InputRequired) -> MCPError { MCPError(input) }

    public var description: String { "\(code): \(message)" }

    /// The error as a JSON-RPC `error` member.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["code": .integer(code), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }

    /// -32700: the body is not valid JSON.
    public static func parseError(_ detail: String) -> MCPError {
        MCPError(code: -32700, message: "Parse error: \(detail)")
    }

    /// -32600: valid JSON, but not a valid JSON-RPC request.
    public static func invalidRequest(_ detail: String) -> MCPError {
        MCPError(code: -32600, message: "Invalid request: \(detail)")
    }

    /// -32601: no such method (for this revision).
    public static func methodNotFound(_ method: String) -> MCPError {
        MCPError(code: -32601, message: "Method not found: \(method.prefix(100))")
    }

    /// -32602: the params are wrong; `pointer` is an RFC 6901 JSON Pointer to the offending field.
    public static func invalidParams(_ detail: String, pointer: String? = nil) -> MCPError {
        MCPError(
            code: -32602,
            message: "Invalid params: \(detail)",
            data: pointer.map { ["pointer": .string($0)] }
        )
    }

    /// -32603: something failed inside the server. Never carries the underlying error's text.
    public static let internalError = MCPError(code: -32603, message: "Internal error")

    /// -32020: an HTTP header disagrees with the body (2026-07-28).
    public static func headerMismatch(_ detail: String) -> MCPError {
        MCPError(code: -32020, message: "Header mismatch: \(detail)")
    }

    /// -32022: the requested protocol version is not supported (2026-07-28).
    public static func unsupportedProtocolVersion(_ requested: String, supported: [ProtocolVersion]) -> MCPError {
        MCPError(
            code: -32022,
            message: "Unsupported protocol version",
            data: [
                "supported": .array(supported.reversed().map { .string($0.rawValue) }),
                "requested": .string(String(requested.prefix(64))),
            ]
        )
    }
}
