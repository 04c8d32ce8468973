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

extension Response {
    /// This response, closing the connection after it when `request`'s body is left unread and could be large: a
    /// `Transfer-Encoding` body (no declared end), or a `Content-Length` over `limit` or not a number. Otherwise the
    /// server would read and discard it all before the next request — without end, for an endless chunked body
    /// sent to be refused (a POST without a token is answered 401 before its body is read). A declared body within
    /// the limit is drained as usual, keeping the connection.
    func closing(unreadBodyOf request: Request, limit: Int) -> Response {
        let headers = request.headers
        if headers[.transferEncoding] == nil {
            guard let declared = headers[.contentLength] else { return self }
            if let length = Int(declared), length <= limit { return self }
        }
        var response = self
        response.headers[.connection] = "close"
        return response
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
