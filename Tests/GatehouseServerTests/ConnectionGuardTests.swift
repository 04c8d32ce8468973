import GatehouseServer
import Hummingbird
import HummingbirdTesting
import MCPHTTP
import Testing

/// Connections are bounded in time and number (docs/security.md, "Connections"), over real sockets: a connection
/// that sends nothing, or trickles its headers, is closed; so is an idle kept-alive one; the server stops accepting
/// at its cap; and a refused body is never read to its end.
@Suite("Connections: head and idle timeouts, the connection cap, refused bodies", .serialized)
struct ConnectionGuardTests {
    typealias Support = ServerTestSupport

    static func configuration(
        headerTimeout: Double = 10, idleTimeout: Double = 60, maximumConnections: Int = 4096
    ) throws -> GatehouseConfiguration {
        var configuration = try Support.configuration()
        configuration.server.connections = ConnectionSettings(
            headerTimeout: headerTimeout, idleTimeout: idleTimeout, maximumConnections: maximumConnections)
        return configuration
    }

    /// Runs the server's own application (not a test wrapper, which would drop the connection cap) on a free port
    /// of 127.0.0.1 and hands the port to `body`.
    static func live(_ configuration: GatehouseConfiguration, _ body: @escaping @Sendable (Int) async throws -> Void)
        async throws
    {
        var configuration = configuration
        configuration.server.port = try RawConnection.freePort()
        configuration.server.publicURL = Support.origin  // resources (token audiences) stay where tokens are minted
        let port = configuration.server.port
        try await Support.withServer(configuration) { server in
            let (ready, signal) = AsyncStream<Void>.makeStream()
            let application = server.application { signal.yield() }
            let running = Task { try await application.runService() }
            for await _ in ready { break }
            do {
                try await body(port)
            } catch {
                running.cancel()
                throw error
            }
            running.cancel()
            _ = await running.result
        }
    }

    /// A token for the embedded default's Claude-style endpoint.
    static let bearer = "Authorization: Bearer \((try? Support.token()) ?? "")\r\n"

    /// What `connection` answers, or `nil` (recording an issue that says why) when it answers nothing in time.
    static func answer(_ connection: RawConnection, untilClosed: Bool = false, _ missing: Comment) async -> String? {
        guard case .data(let answer) = await connection.receive(timeout: 3, untilClosed: untilClosed) else {
            Issue.record(missing)
            return nil
        }
        return answer
    }

    static let healthRequest = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test("a connection that never completes its request head is closed at the header timeout")
    func slowHeaders() async throws {
        try await Self.live(try Self.configuration(headerTimeout: 0.3)) { port in
            let silent = try RawConnection(port: port)
            let trickle = try RawConnection(port: port)
            trickle.send("GET /healthz HTTP/1.1\r\nHost: local")
            #expect(await silent.receive(timeout: 3) == .closed)
            #expect(await trickle.receive(timeout: 3) == .closed)
            let prompt = try RawConnection(port: port)
            prompt.send(Self.healthRequest)
            guard let answer = await Self.answer(prompt, "a prompt request got no answer") else { return }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("a kept-alive connection with no request in progress is closed at the idle timeout")
    func idleTimeout() async throws {
        try await Self.live(try Self.configuration(idleTimeout: 0.3)) { port in
            let connection = try RawConnection(port: port)
            connection.send(Self.healthRequest)
            guard let answer = await Self.answer(connection, "no answer") else { return }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            #expect(await connection.receive(timeout: 3) == .closed)
        }
    }

    @Test("at max_connections the server accepts no more until one closes")
    func connectionCap() async throws {
        try await Self.live(try Self.configuration(maximumConnections: 2)) { port in
            var first: RawConnection? = try RawConnection(port: port)
            let second = try RawConnection(port: port)
            first?.send(Self.healthRequest)
            second.send(Self.healthRequest)
            #expect(await first?.receive(timeout: 3) != .timedOut)
            #expect(await second.receive(timeout: 3) != .timedOut)
            let waiting = try RawConnection(port: port)
            waiting.send(Self.healthRequest)
            #expect(await waiting.receive(timeout: 0.5) == .timedOut)
            first = nil
            guard let answer = await Self.answer(waiting, "the waiting connection was not served after another closed")
            else { return }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            withExtendedLifetime(second) {}
        }
    }

    static func post(contentLength: String, body: String = "") -> String {
        "POST /mcp/claude HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + bearer
            + "Accept: application/json\r\nContent-Length: \(contentLength)\r\n\r\n\(body)"
    }

    @Test("a declared Content-Length over the cap is refused before the body, and the connection closed")
    func declaredLengthOverCap() async throws {
        try await Self.live(try Self.configuration()) { port in
            let connection = try RawConnection(port: port)
            connection.send(Self.post(contentLength: "1073741824"))
            guard
                let answer = await Self.answer(
                    connection, untilClosed: true, "no answer, or the connection stayed open reading the body")
            else { return }
            #expect(answer.hasPrefix("HTTP/1.1 413"))
            #expect(answer.lowercased().contains("connection: close"))
        }
    }

    @Test("a body that grows past the cap gets 413 and the connection is closed, not drained")
    func endlessBody() async throws {
        var configuration = try Self.configuration()
        configuration.endpoints[0].transport.maximumBodyBytes = 1024
        try await Self.live(configuration) { port in
            let connection = try RawConnection(port: port)
            connection.send(
                "POST /mcp/claude HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + Self.bearer
                    + "Accept: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "a", count: 4096)
            connection.send(String(4096, radix: 16) + "\r\n" + chunk + "\r\n")
            guard
                let answer = await Self.answer(
                    connection, untilClosed: true, "the connection stayed open after the 413")
            else { return }
            #expect(answer.hasPrefix("HTTP/1.1 413"))
        }
    }

    @Test("a malformed chunk size or Transfer-Encoding is 400, not 413", arguments: ["xchunked", "chunked"])
    func malformedBody(_ encoding: String) async throws {
        try await Self.live(try Self.configuration()) { port in
            let connection = try RawConnection(port: port)
            let body = encoding == "chunked" ? "zz\r\n{}\r\n0\r\n\r\n" : "{}"
            connection.send(
                "POST /mcp/claude HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + Self.bearer
                    + "Accept: application/json\r\nTransfer-Encoding: \(encoding)\r\n\r\n\(body)")
            guard let answer = await Self.answer(connection, untilClosed: true, "no answer") else { return }
            #expect(answer.hasPrefix("HTTP/1.1 400"))
            #expect(!answer.contains("exceeds"))
        }
    }

    /// Sends `head` (request line and fields) with a chunked body that has no end, and returns what the server
    /// answers before it closes the connection; `nil` (with an issue) when it keeps reading instead.
    static func answerToEndlessBody(port: Int, head: String) async throws -> String? {
        let connection = try RawConnection(port: port)
        connection.send(head + "Transfer-Encoding: chunked\r\n\r\n")
        connection.send(String(4096, radix: 16) + "\r\n" + String(repeating: "c", count: 4096) + "\r\n")
        return await answer(connection, untilClosed: true, "the connection stayed open draining the body")
    }

    @Test(
        "any response that leaves an endless body unread closes the connection: 404, preflight, health",
        arguments: [
            ("POST /nowhere", "HTTP/1.1 404"), ("OPTIONS /mcp/claude", "HTTP/1.1 204"),
            ("POST /healthz", "HTTP/1.1 404"),
        ])
    func unreadBodyOnAnyRoute(_ requestLine: String, _ status: String) async throws {
        try await Self.live(try Self.configuration()) { port in
            let head = "\(requestLine) HTTP/1.1\r\nHost: localhost\r\n"
            guard let answer = try await Self.answerToEndlessBody(port: port, head: head) else { return }
            #expect(answer.hasPrefix(status), "\(requestLine): \(answer.prefix(40))")
        }
    }

    @Test("a request refused before its body is read (no token) does not leave an endless body to drain")
    func refusedBeforeTheBody() async throws {
        try await Self.live(try Self.configuration()) { port in
            let head =
                "POST /mcp/claude HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\n"
            guard let answer = try await Self.answerToEndlessBody(port: port, head: head) else { return }
            #expect(answer.hasPrefix("HTTP/1.1 401"))
            #expect(answer.lowercased().contains("connection: close"))
        }
    }
}
