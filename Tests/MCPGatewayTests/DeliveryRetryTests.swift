import AsyncHTTPClient
import Foundation
import GatehouseJSON
import MCPCore
import MCPGateway
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

/// Answers and notifications survive a connection the upstream drops before answering (a keep-alive connection it
/// has just closed); requests are never sent twice.
@Suite("Gateway: delivering answers and notifications upstream")
struct DeliveryRetryTests {
    @Test("An answer to the upstream's request is sent again on a new connection when one is dropped unanswered")
    func answerRetried() async throws {
        let server = try await DroppingServer(drops: 2)
        let transport = server.transport()
        try await transport.respond(JSONRPCResponse(id: .string("q1"), outcome: .success([:])), version: .v2025_11_25)
        #expect(server.requests == 3)
        try await server.stop()
    }

    @Test("A notification is sent again too, and both give up after three dropped connections, naming the cause")
    func boundedAttempts() async throws {
        let server = try await DroppingServer(drops: 3)
        let transport = server.transport()
        await #expect {
            try await transport.notify(
                OutgoingNotification(method: "notifications/cancelled", params: ["requestId": 1], version: .v2025_11_25)
            )
        } throws: { error in
            if case .unreachable? = error as? MCPClientError { return true }
            return false
        }
        #expect(server.requests == 3)
        try await server.stop()
    }

    @Test("A request whose connection is dropped is not sent again (it may have run): the caller gets the error")
    func requestsNotRetried() async throws {
        let server = try await DroppingServer(drops: 1)
        let transport = server.transport()
        await #expect {
            _ = try await transport.send(
                OutgoingRequest(
                    id: .number(1), method: "tools/call", params: ["name": "echo"], version: .v2025_11_25),
                onMessage: { _ in })
        } throws: { error in
            if case .unreachable? = error as? MCPClientError { return true }
            return false
        }
        #expect(server.requests == 1)
        try await server.stop()
    }

    @Test("A request that only reads (tools/list, initialize) is sent again, as a restarted upstream needs")
    func readingRequestsRetried() async throws {
        let server = try await DroppingServer(drops: 2)
        let transport = server.transport()
        // The third attempt reaches the server, whose 202 is no answer to a request: what matters is the count.
        _ = try? await transport.send(
            OutgoingRequest(id: .number(1), method: "tools/list", params: [:], version: .v2025_11_25),
            onMessage: { _ in })
        #expect(server.requests == 3)
        try await server.stop()
    }
}

/// An HTTP server on 127.0.0.1 that closes its first `drops` connections as soon as a request arrives on them, and
/// answers every later request `202 Accepted`; it counts requests.
final class DroppingServer: Sendable {
    private let channel: any Channel
    private let counts: Counts

    final class Counts: Sendable {
        let value = Mutex((requests: 0, drops: 0))
    }

    var requests: Int { counts.value.withLock { $0.requests } }

    init(drops: Int) async throws {
        let counts = Counts()
        counts.value.withLock { $0.drops = drops }
        self.counts = counts
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    /// A transport to this server's `/mcp`.
    func transport() -> HTTPUpstreamTransport {
        HTTPUpstreamTransport(
            url: URL(string: "http://127.0.0.1:\(channel.localAddress?.port ?? 0)/mcp")!,
            httpClient: .gatehouseUpstreams, timeout: .seconds(5))
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let counts: Counts

        init(counts: Counts) {
            self.counts = counts
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head:
                let drop = counts.value.withLock { counts -> Bool in
                    counts.requests += 1
                    guard counts.drops > 0 else { return false }
                    counts.drops -= 1
                    return true
                }
                if drop { context.close(promise: nil) }
            case .body:
                break
            case .end:
                guard context.channel.isActive else { return }
                let head = HTTPResponseHead(
                    version: .http1_1, status: .accepted, headers: ["Content-Length": "0"])
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
