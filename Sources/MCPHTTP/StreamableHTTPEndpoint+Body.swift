import HTTPTypes
import Hummingbird
import MCPCore
import NIOCore

extension StreamableHTTPEndpoint {
    /// Reads a POST body of at most `limit` bytes.
    ///
    /// A declared `Content-Length` over the limit is refused before a byte of the body is read; a body that grows past
    /// it is refused when it does (413). A body the HTTP decoder cannot read — a malformed chunk size, an unknown
    /// `Transfer-Encoding` — is a 400. Each refusal says `Connection: close` and the connection is closed after it
    /// (``ConnectionCloseHandler``), so the server never reads and discards the rest of a body it refused.
    static func collectBody(of request: inout Request, limit: Int, cors: HTTPFields) async
        -> Result<ByteBuffer, BodyRefusal>
    {
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else {
                return .failure(BodyRefusal(.badRequest, "Content-Length is not a number", cors: cors))
            }
            if length > limit {
                return .failure(BodyRefusal(.contentTooLarge, "the body exceeds \(limit) bytes", cors: cors))
            }
        }
        do {
            return .success(try await request.collectBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            return .failure(BodyRefusal(.contentTooLarge, "the body exceeds \(limit) bytes", cors: cors))
        } catch {
            return .failure(BodyRefusal(.badRequest, "the request body could not be read", cors: cors))
        }
    }
}

/// A POST body that will not be read, as the response to send: a JSON-RPC error, `Connection: close`.
struct BodyRefusal: Error {
    let response: Response

    init(_ status: HTTPResponse.Status, _ message: String, cors: HTTPFields) {
        var headers = cors
        headers[.connection] = "close"
        response = HTTPResponses.error(status, .invalidRequest(message), headers: headers)
    }
}
