/// A JSON value as read by ``StrictJSONParser``.
///
/// Numbers keep their source text so that callers decide how to interpret them (an RFC 7519 NumericDate, an
/// integer, a fraction) without a lossy detour through `Double`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, exactly as written in the document (for example `1700000000`, `1.5`, `1e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object. Member names are unique: the parser rejects duplicates.
    case object([String: JSONValue])

    /// The member `name`, if this is an object that has it.
    ///
    /// ```swift
    /// response["result"]?["content"]
    /// ```
    public subscript(_ name: String) -> JSONValue? {
        objectValue?[name]
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
