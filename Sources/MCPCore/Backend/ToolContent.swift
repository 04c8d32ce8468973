public import GatehouseJSON

/// One content block of a tool result or prompt message (MCP `ContentBlock`).
public enum ToolContent: Sendable, Hashable {
    /// Text.
    case text(String)
    /// An image, base64-encoded.
    case image(base64: String, mimeType: String)
    /// A link to a resource the client may read (2025-06-18 and later; older clients get a text fallback).
    case resourceLink(uri: String, name: String, mimeType: String?)
    /// An embedded text resource.
    case embeddedText(uri: String, text: String, mimeType: String?)

    /// The block as JSON for `version`.
    public func json(for version: ProtocolVersion) -> JSONValue {
        switch self {
        case .text(let text):
            // The most common block: a dictionary literal proper, which the compiler builds in place.
            return .object(["type": "text", "text": .string(text)])
        case .image(let data, let mimeType):
            return ["type": "image", "data": .string(data), "mimeType": .string(mimeType)]
        case .resourceLink(let uri, let name, let mimeType):
            guard version >= .v2025_06_18 else { return ["type": "text", "text": .string("\(name): \(uri)")] }
            var link: [String: JSONValue] = ["type": "resource_link", "uri": .string(uri), "name": .string(name)]
            if let mimeType { link["mimeType"] = .string(mimeType) }
            return .object(link)
        case .embeddedText(let uri, let text, let mimeType):
            var resource: [String: JSONValue] = ["uri": .string(uri), "text": .string(text)]
            if let mimeType { resource["mimeType"] = .string(mimeType) }
            return ["type": "resource", "resource": .object(resource)]
        }
    }
}
