public import GatehouseJSON

/// A resource the backend serves by URI (MCP `Resource`), or a family of them (`ResourceTemplate`).
public struct Resource: Sendable {
    /// Reads the resource; returns its contents.
    public typealias Reader = @Sendable (_ uri: String, _ context: CallContext) async throws -> [ResourceContents]

    /// The URI, or for a template an RFC 6570 level-1 template (`notes://{id}`).
    public let uri: String
    /// Whether ``uri`` is a template.
    public let isTemplate: Bool
    /// A short name.
    public var name: String
    /// A description.
    public var description: String?
    /// The MIME type of the contents.
    public var mimeType: String?
    /// Scopes needed to read it.
    public var requiredScopes: [String]
    /// The reader.
    public let read: Reader

    /// A fixed resource.
    public init(
        uri: String, name: String, description: String? = nil, mimeType: String? = nil, requiredScopes: [String] = [],
        read: @escaping Reader
    ) {
        self.uri = uri
        self.isTemplate = false
        self.name = name
        self.description = description
        self.mimeType = mimeType
        self.requiredScopes = requiredScopes
        self.read = read
    }

    /// A resource template: `{name}` segments match any run of characters other than `/`.
    public init(
        template: String, name: String, description: String? = nil, mimeType: String? = nil,
        requiredScopes: [String] = [], read: @escaping Reader
    ) {
        self.uri = template
        self.isTemplate = true
        self.name = name
        self.description = description
        self.mimeType = mimeType
        self.requiredScopes = requiredScopes
        self.read = read
    }

    /// The `resources/list` or `resources/templates/list` descriptor.
    public var descriptor: JSONValue {
        var resource: [String: JSONValue] = [(isTemplate ? "uriTemplate" : "uri"): .string(uri), "name": .string(name)]
        if let description { resource["description"] = .string(description) }
        if let mimeType { resource["mimeType"] = .string(mimeType) }
        return .object(resource)
    }

    /// Whether `candidate` is this resource (or matches this template).
    public func matches(_ candidate: String) -> Bool {
        guard isTemplate else { return candidate == uri }
        return Self.uri(candidate, matchesTemplate: uri)
    }

    /// Whether `candidate` matches the URI template `template` (RFC 6570 level 1: each `{variable}` stands for one
    /// or more characters other than `/`).
    ///
    /// Linear in the URI's length for each part of the template (a table of "the rest matches from here", filled from
    /// the end), so a long URI sent against a template with several variables cannot make matching explode the way
    /// backtracking would.
    public static func uri(_ candidate: String, matchesTemplate template: String) -> Bool {
        let text = Array(candidate.utf8)
        let slash = UInt8(ascii: "/")
        // The template as literal runs and variables, in order.
        var parts: [[UInt8]?] = []  // nil: a variable
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { parts.append(Array(rest[..<open].utf8)) }
            parts.append(nil)
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(Array(rest.utf8)) }
        // matches[j]: the parts after the current one match text[j...]. Start with "nothing left matches the end".
        var matches = [Bool](repeating: false, count: text.count + 1)
        matches[text.count] = true
        for part in parts.reversed() {
            var current = [Bool](repeating: false, count: text.count + 1)
            if let literal = part {
                for start in 0...text.count where start + literal.count <= text.count && matches[start + literal.count]
                {
                    current[start] = text[start..<(start + literal.count)].elementsEqual(literal)
                }
            } else {
                // A variable at `start` takes text[start..<end] (end > start, no "/"), then the rest matches at `end`.
                var index = text.count - 1
                while index >= 0 {
                    current[index] = text[index] != slash && (matches[index + 1] || current[index + 1])
                    index -= 1
                }
            }
            matches = current
        }
        return matches[0]
    }
}

/// The contents of a resource (MCP `TextResourceContents` / `BlobResourceContents`).
public struct ResourceContents: Sendable, Hashable {
    /// The URI these contents are of.
    public var uri: String
    /// The MIME type.
    public var mimeType: String?
    /// Text contents.
    public var text: String?
    /// Binary contents, base64-encoded.
    public var blob: String?

    /// Creates contents; exactly one of `text` and `blob` should be set.
    public init(uri: String, mimeType: String? = nil, text: String? = nil, blob: String? = nil) {
        self.uri = uri
        self.mimeType = mimeType
        self.text = text
        self.blob = blob
    }

    /// Text contents.
    public static func text(_ text: String, uri: String, mimeType: String? = "text/plain") -> ResourceContents {
        ResourceContents(uri: uri, mimeType: mimeType, text: text, blob: nil)
    }

    /// The contents as JSON.
    public var json: JSONValue {
        var contents: [String: JSONValue] = ["uri": .string(uri)]
        if let mimeType { contents["mimeType"] = .string(mimeType) }
        if let text { contents["text"] = .string(text) }
        if let blob { contents["blob"] = .string(blob) }
        return .object(contents)
    }
}
