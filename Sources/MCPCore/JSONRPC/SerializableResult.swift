public import GatehouseJSON

/// A result that writes itself straight into a response body, without a `JSONValue` built first (the hot path of
/// `tools/call`). The wire layer knows only this protocol; what the result is belongs to the layer above.
public protocol SerializableResult: Sendable {
    /// The result as a JSON value (for callers that inspect it).
    var json: JSONValue { get }
    /// Appends the result's JSON text to `output`, exactly as ``JSONWriter`` would write ``json``.
    func write(to output: inout [UInt8])
}
