import AsyncHTTPClient
import Foundation
import GatehouseJSON
import NIOCore
import NIOHTTP1

/// The doctor's HTTP: every call has a deadline, bodies are capped at 1 MiB, redirects are not followed (a
/// redirect is itself a finding), and nothing is ever sent to a host other than the one asked for.
final class DoctorHTTP: Sendable {
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        let milliseconds: Double

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as JSON, if it is.
        var json: JSONValue? { try? StrictJSONParser().parse(body) }

        /// The JSON-RPC message of a JSON or SSE (`text/event-stream`) answer: for SSE, the last event whose data
        /// is a JSON-RPC response (progress notifications may come first).
        var message: JSONValue? {
            let type = headers.first(name: "Content-Type") ?? ""
            guard type.hasPrefix("text/event-stream") else { return json }
            return Self.events(text).compactMap { try? StrictJSONParser().parse(Array($0.utf8)) }
                .last { $0["result"] != nil || $0["error"] != nil }
        }

        /// The data of each event of an SSE body (WHATWG HTML §9.2.6: lines end in CRLF, LF or CR; an event's
        /// `data:` lines are joined with LF; a blank line ends the event).
        static func events(_ text: String) -> [String] {
            var events: [String] = []
            var data: [Substring] = []
            for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                if line.isEmpty {
                    if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                    data = []
                } else if line.hasPrefix("data:") {
                    let value = line.dropFirst(5)
                    data.append(value.first == " " ? value.dropFirst() : value)
                }
            }
            if !data.isEmpty { events.append(data.joined(separator: "\n")) }
            return events
        }
    }

    private let client: HTTPClient
    private let timeout: TimeAmount

    init(timeout: Duration) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .init(timeout), read: .init(timeout))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.timeout = .init(timeout)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func get(_ url: String, accept: String = "application/json") async throws -> Answer {
        try await send(url, method: .GET, headers: [("Accept", accept)], body: nil)
    }

    func post(_ url: String, headers: [(String, String)], body: String) async throws -> Answer {
        try await send(url, method: .POST, headers: headers, body: body)
    }

    private func send(_ url: String, method: HTTPMethod, headers: [(String, String)], body: String?) async throws
        -> Answer
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let start = ContinuousClock.now
        let response = try await client.execute(request, deadline: .now() + timeout)
        let collected = try await response.body.collect(upTo: 1 << 20)
        let elapsed = (ContinuousClock.now - start).components
        return Answer(
            status: Int(response.status.code), headers: response.headers, body: Array(buffer: collected),
            milliseconds: Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15)
    }
}
