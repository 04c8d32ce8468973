import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP server on 127.0.0.1 for JWKS tests: answers every request with whatever `respond` returns and
/// counts requests. Started and stopped by each test.
final class LocalHTTPServer: Sendable {
    struct Response: Sendable {
        var status: HTTPResponseStatus = .ok
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        var body: [UInt8] = []
        var delay: TimeAmount = .zero
    }

    private let channel: any Channel
    private let state: NIOLockedValueBox<(count: Int, respond: @Sendable (String) -> Response)>

    var port: Int { channel.localAddress!.port! }
    var requestCount: Int { state.withLockedValue { $0.count } }
    func url(_ path: String = "/jwks") -> String { "http://127.0.0.1:\(port)\(path)" }

    func respond(with respond: @escaping @Sendable (String) -> Response) {
        state.withLockedValue { $0.respond = respond }
    }

    init(respond: @escaping @Sendable (String) -> Response) async throws {
        let state = NIOLockedValueBox<(count: Int, respond: @Sendable (String) -> Response)>((0, respond))
        self.state = state
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let state: NIOLockedValueBox<(count: Int, respond: @Sendable (String) -> Response)>

        init(state: NIOLockedValueBox<(count: Int, respond: @Sendable (String) -> Response)>) {
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let response = state.withLockedValue { state in
                state.count += 1
                return state.respond(head.uri)
            }
            let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: response.delay) {
                let context = loopBoundContext.value
                var headers = HTTPHeaders(response.headers)
                headers.add(name: "Content-Length", value: "\(response.body.count)")
                context.write(
                    NIOAny(
                        HTTPServerResponsePart.head(
                            HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))),
                    promise: nil)
                context.write(
                    NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
            }
        }
    }
}
