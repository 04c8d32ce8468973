public import NIOCore
public import NIOHTTPTypes

/// Closes a connection whose first request head is not complete within a deadline of the connection opening.
///
/// A client that connects and sends nothing, or trickles header bytes (slowloris), otherwise holds a socket and a
/// file descriptor for as long as it likes. The HTTP decoder delivers a request head only once every header line has
/// arrived, so one timer from `channelActive` to the first `.head` bounds both. Later requests on a kept-alive
/// connection are bounded by the idle timeout (Hummingbird's `HTTP1Channel.Configuration.idleTimeout`), which
/// counts from the end of the previous response to the next complete head.
public final class RequestHeadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var receivedHead = false

    /// Creates the handler for one connection.
    /// - Parameter timeout: how long the connection may take to deliver its first complete request head.
    public init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !receivedHead, case .head = unwrapInboundIn(data) {
            receivedHead = true
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil, !receivedHead else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }
}
