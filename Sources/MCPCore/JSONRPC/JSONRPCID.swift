public import GatehouseJSON

/// A JSON-RPC 2.0 request id: a string or an integer, kept as sent (`1` and `"1"` are different ids).
public enum JSONRPCID: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case string(String)

    /// Reads an id; `nil` for anything that is not a string or an integer (JSON-RPC §4; MCP forbids `null`).
    public init?(_ value: JSONValue) {
        switch value {
        case .string(let string): self = .string(string)
        case .number(let text):
            guard let integer = Int(text) else { return nil }
            self = .number(integer)
        default: return nil
        }
    }

    /// The id as JSON.
    public var json: JSONValue {
        switch self {
        case .number(let value): return .integer(value)
        case .string(let value): return .string(value)
        }
    }

    public var description: String {
        switch self {
        case .number(let value): return String(value)
        case .string(let value): return "\"\(value)\""
        }
    }
}
