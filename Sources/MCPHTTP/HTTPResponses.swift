import GatehouseJSON
import Hummingbird
import MCPCore

/// The responses the transport sends, built in one place so status codes, content types and CORS are consistent.
enum HTTPResponses {
    static func json(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A JSON-RPC error response (id `null` unless known) with an HTTP status.
    static func error(_ status: HTTPResponse.Status, _ error: MCPError, id: JSONRPCID? = nil, headers: HTTPFields = [:])
        -> Response
    {
        json(status, JSONRPCResponse(id: id, outcome: .failure(error)).body, headers: headers)
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
