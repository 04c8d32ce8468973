public import MCPCore

/// The caller's identity as header fields for an upstream that asked for it (`forwardIdentity: true`):
/// `Gatehouse-Caller-Issuer`, `-Subject`, `-Client-Id` and `-Scopes` (space-separated). Values that are not plain
/// visible ASCII travel in the `=?base64?…?=` form, so no value can add a line to the request.
///
/// Trust them only where the upstream is reachable from the gateway alone: the gateway sets them, it cannot stop
/// anything else that reaches the upstream from sending them too.
public enum IdentityHeaders {
    /// The header names, in the order they are sent.
    public static let names = [
        "Gatehouse-Caller-Issuer", "Gatehouse-Caller-Subject", "Gatehouse-Caller-Client-Id", "Gatehouse-Caller-Scopes",
    ]

    /// The fields for `caller` (none for an anonymous caller).
    public static func fields(for caller: Caller?) -> [(name: String, value: String)] {
        guard let caller else { return [] }
        var fields = [(names[0], caller.issuer), (names[1], caller.subject)]
        if let clientID = caller.clientID { fields.append((names[2], clientID)) }
        fields.append((names[3], caller.scopes.joined(separator: " ")))
        return fields.map { (name: $0.0, value: MirroredHeaderValue.encode($0.1)) }
    }
}
