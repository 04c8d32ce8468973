import GatehouseJSON
import HTTPTypes
import Hummingbird
import MCPCore

/// The responses the transport sends, built in one place so status codes, content types and CORS are consistent.
enum HTTPResponses {
    /// A JSON response. `headers` must not hold a `Content-Type` (it is appended, not set: the by-name setter goes
    /// through generic code on every response).
    static func json(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
        assert(headers[.contentType] == nil, "a JSON response sets its own Content-Type")
        var fields = headers
        fields.append(HTTPField(name: .contentType, value: "application/json"))
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A JSON response of already encoded bytes.
    static func json(_ status: HTTPResponse.Status, _ body: [UInt8], headers: HTTPFields = [:]) -> Response {
        Response(
            status: status, headers: jsonFields(headers, protocolVersion: nil),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A JSON-RPC response as JSON, with `MCP-Protocol-Version` when `protocolVersion` is given (2026-07-28).
    static func json(
        _ status: HTTPResponse.Status, _ response: JSONRPCResponse, headers: HTTPFields = [:],
        protocolVersion: String? = nil
    ) -> Response {
        let body = ResponseBody(byteBuffer: ByteBuffer(bytes: response.bytes))
        return Response(status: status, headers: jsonFields(headers, protocolVersion: protocolVersion), body: body)
    }

    /// A JSON-RPC error response (id `null` unless known) with an HTTP status.
    static func error(
        _ status: HTTPResponse.Status, _ error: MCPError, id: JSONRPCID? = nil, headers: HTTPFields = [:],
        protocolVersion: String? = nil
    ) -> Response {
        json(
            status, JSONRPCResponse(id: id, outcome: .failure(error)), headers: headers,
            protocolVersion: protocolVersion)
    }

    /// `headers`, then `Content-Type: application/json` and the protocol version if any. Without CORS headers (the
    /// usual case) the fields are built by literal, at their final size; `HTTPFields.append` goes through generic
    /// `replaceSubrange` and grows the storage one field at a time, which showed up in the request profile.
    private static func jsonFields(_ headers: HTTPFields, protocolVersion: String?) -> HTTPFields {
        assert(headers[.contentType] == nil, "a JSON response sets its own Content-Type")
        if headers.isEmpty {
            guard let protocolVersion else { return [.contentType: "application/json"] }
            return [.contentType: "application/json", MCPHeaders.protocolVersion: protocolVersion]
        }
        var fields = headers
        fields.reserveCapacity(headers.count + 2)
        fields.append(HTTPField(name: .contentType, value: "application/json"))
        if let protocolVersion { fields.append(HTTPField(name: MCPHeaders.protocolVersion, value: protocolVersion)) }
        return fields
    }

    static func accepted(headers: HTTPFields = [:]) -> Response {
        Response(status: .accepted, headers: headers)
    }

    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers)
    }

    /// Headers of an SSE response.
    static func sseHeaders(_ extra: HTTPFields) -> HTTPFields {
        var fields = extra
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache, no-transform"
        fields[MCPHeaders.accelBuffering] = "no"
        return fields
    }
}
