import GatehouseJSON

/// Opaque list cursors (MCP pagination): the base64url of the next offset, refused if tampered with.
enum Pagination {
    static func page<Item>(_ items: [Item], params: [String: JSONValue], pageSize: Int) throws(MCPError)
        -> (items: ArraySlice<Item>, nextCursor: String?)
    {
        var offset = 0
        if let cursorValue = params["cursor"] {
            guard let cursor = cursorValue.stringValue, let decoded = decodeCursor(cursor), decoded <= items.count
            else {
                throw MCPError.invalidParams("the cursor is not one this server issued", pointer: "/params/cursor")
            }
            offset = decoded
        }
        let end = min(items.count, offset + max(1, pageSize))
        return (items[offset..<end], end < items.count ? encodeCursor(end) : nil)
    }

    static func encodeCursor(_ offset: Int) -> String {
        "o" + String(offset, radix: 36)
    }

    static func decodeCursor(_ cursor: String) -> Int? {
        guard cursor.first == "o", cursor.count <= 12 else { return nil }
        return Int(cursor.dropFirst(), radix: 36).flatMap { $0 >= 0 ? $0 : nil }
    }
}
