import Foundation

/// Why a tool's arguments did not decode as its `Decodable` input type, named by field: the JSON Pointer of the
/// argument (RFC 6901, from the decoder's coding path) and what the type expected there.
struct ArgumentDecodingFailure {
    /// The argument's pointer within `arguments` (`""` for the arguments object itself).
    let pointer: String
    /// What went wrong there.
    let detail: String

    init(_ error: DecodingError) {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(let type, let context):
            path = context.codingPath
            detail = "expected \(Self.name(of: type))"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            detail = "expected \(Self.name(of: type)), found null"
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            detail = "required by the tool's input type"
        case .dataCorrupted(let context):
            path = context.codingPath
            detail = "not a valid value for the tool's input type"
        @unknown default:
            path = []
            detail = "does not decode as the tool's input type"
        }
        pointer = path.map { "/" + JSONSchema.escape($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }

    /// The -32602 a caller gets: the field, what was expected, and its pointer under `/params/arguments`.
    var mcpError: MCPError {
        MCPError.invalidParams(
            "argument \(pointer.isEmpty ? "(the arguments object)" : String(pointer.dropFirst())): \(detail)",
            pointer: "/params/arguments" + pointer)
    }

    /// A type in the words of JSON, not Swift's (`Int8` is "an integer", a keyed container "an object").
    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is any FixedWidthInteger.Type: return "an integer"
        case is any BinaryFloatingPoint.Type, is Decimal.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Dictionary<") { return "an object" }
            if name.hasPrefix("Array<") { return "an array" }
            return name
        }
    }
}
