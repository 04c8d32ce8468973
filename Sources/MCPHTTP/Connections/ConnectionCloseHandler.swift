import HTTPTypes
public import NIOCore
public import NIOHTTPTypes

/// Closes the connection after a response that leaves its request's body unread, or that says `Connection: close`
/// (RFC 9112 §9.6: a server that sends the close option closes the connection after that response).
///
/// Hummingbird reads and discards whatever is left of a request body before it reads the next request; for an
/// endless chunked body sent to be refused — to any route: an MCP endpoint answering 401 before it reads the body,
/// a 404, a preflight — it would do so without end. So when a response is complete before its request's body has
/// ended, nothing more is read: the connection closes. The transport also says `Connection: close` itself on the
/// refusals where it knows the body is unread (413, 400 for an unreadable body, early refusals of large bodies).
public final class ConnectionCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private var closesAfterResponse = false
    /// Requests whose end (the body's last part) has been read.
    private var requestsEnded = 0
    /// Responses written to their end.
    private var responsesEnded = 0

    /// Creates the handler for one connection.
    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { requestsEnded += 1 }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status.code >= 200, let value = head.headerFields[.connection],
                value.utf8.containsIgnoringASCIICase("close")
            {
                closesAfterResponse = true
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            responsesEnded += 1
            // Responses go out in request order, so response n belongs to request n.
            guard closesAfterResponse || requestsEnded < responsesEnded else {
                context.write(data, promise: promise)
                return
            }
            closesAfterResponse = false
            let written = context.eventLoop.makePromise(of: Void.self)
            if let promise { written.futureResult.cascade(to: promise) }
            context.writeAndFlush(data, promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
