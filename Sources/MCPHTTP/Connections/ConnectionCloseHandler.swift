import HTTPTypes
public import NIOCore
public import NIOHTTPTypes

/// Closes the connection once a response that says `Connection: close` has been written (RFC 9112 §9.6: a server
/// that sends the close option closes the connection after that response).
///
/// The transport answers a body it will not read — declared or found too large (413), or unreadable (400) — with
/// `Connection: close`; without this handler the server would go on reading and discarding what the client still
/// sends, without end.
public final class ConnectionCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private var closesAfterResponse = false

    /// Creates the handler for one connection.
    public init() {}

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if let value = head.headerFields[.connection], value.utf8.containsIgnoringASCIICase("close") {
                closesAfterResponse = true
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closesAfterResponse else {
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
