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
    /// A block relayed as another server sent it (the gateway's upstreams): written unchanged, except that a
    /// `resource_link` becomes text for clients before 2025-06-18, which do not know it.
    case block(JSONValue)

    /// The block as JSON for `version`.
    public func json(for version: ProtocolVersion) -> JSONValue {
        switch self {
        case .text(let text):
            return ["type": "text", "text": .string(text)]
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
        case .block(let block):
            return Self.relayed(block, for: version)
        }
    }

    /// A relayed block as `version` can read it.
    private static func relayed(_ block: JSONValue, for version: ProtocolVersion) -> JSONValue {
        guard version < .v2025_06_18, let object = block.objectValue, object["type"] == "resource_link" else {
            return block
        }
        let name = object["name"]?.stringValue ?? ""
        let uri = object["uri"]?.stringValue ?? ""
        return ["type": "text", "text": .string("\(name): \(uri)")]
    }

    /// Appends the block as JSON for `version`: the same bytes as `JSONWriter.write(json(for: version))`, without
    /// building the object first (the request path writes every tool result this way).
    public func write(for version: ProtocolVersion, to output: inout [UInt8]) {
        if case .block(let block) = self { return JSONWriter.write(Self.relayed(block, for: version), to: &output) }
        var members = JSONMemberWriter(to: &output)
        switch self {
        case .text(let text):
            members.string("text", text, to: &output)
            members.string("type", "text", to: &output)
        case .image(let data, let mimeType):
            members.string("data", data, to: &output)
            members.string("mimeType", mimeType, to: &output)
            members.string("type", "image", to: &output)
        case .resourceLink(let uri, let name, let mimeType):
            guard version >= .v2025_06_18 else {
                members.string("text", "\(name): \(uri)", to: &output)
                members.string("type", "text", to: &output)
                break
            }
            if let mimeType { members.string("mimeType", mimeType, to: &output) }
            members.string("name", name, to: &output)
            members.string("type", "resource_link", to: &output)
            members.string("uri", uri, to: &output)
        case .embeddedText(let uri, let text, let mimeType):
            members.name("resource", to: &output)
            var resource = JSONMemberWriter(to: &output)
            if let mimeType { resource.string("mimeType", mimeType, to: &output) }
            resource.string("text", text, to: &output)
            resource.string("uri", uri, to: &output)
            resource.finish(to: &output)
            members.string("type", "resource", to: &output)
        case .block:
            break  // Written above, without the member writer.
        }
        members.finish(to: &output)
    }
}
