import GatehouseJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPCore
@testable import MCPHTTP
import Testing

/// Exact origins only (finding 11) and repeated header lines joined in linear time (finding 13).
@Suite("Origins are exact; repeated header lines are joined once")
struct OriginAndHeaderTests {
    typealias S = HTTPTestSupport

    @Test(
        "origins", arguments: ["https://app.example", "http://localhost:5173", "http://[::1]:8080", "https://a-b.c.d"])
    func origins(_ text: String) {
        #expect(StreamableHTTPConfiguration.isOrigin(text))
    }

    @Test(
        "not origins",
        arguments: [
            "*", "null", "https://app.example/", "https://app.example/x", "app.example", "https://*.example.com",
            "ftp://app.example", "https://", "https://app.example:", "https://app.example:99999", "https://[zz]",
            "https://app example", "https://.example", "https://app.example:80:81", "https://App.Example.com",
            "https://a.com:443", "http://a.com:80",
        ])
    func notOrigins(_ text: String) {
        #expect(!StreamableHTTPConfiguration.isOrigin(text))
    }

    @Test("allowed_origins of * and null admit nothing: Origin: null gets 403, no CORS approval")
    func wildcardAndNullAdmitNothing() async throws {
        let configuration = StreamableHTTPConfiguration(endpointName: "test", allowedOrigins: ["*", "null"])
        let (app, _) = S.application(configuration: configuration)
        try await app.test(.router) { client in
            for origin in ["null", "https://evil.example"] {
                var headers = S.modernHeaders(method: "ping")
                headers[.origin] = origin
                try await client.execute(uri: "/mcp", method: .post, headers: headers, body: S.modernBody("ping")) {
                    response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.accessControlAllowOrigin] == nil)
                }
            }
        }
    }

    @Test("990 repeated Accept lines are joined exactly as the by-name subscript joins them")
    func repeatedLines() {
        var fields = HTTPFields()
        for index in 0..<990 { fields.append(HTTPField(name: .accept, value: "type/\(index)")) }
        let headers = RequestHeaders(fields)
        #expect(headers.accept == fields[.accept])
        #expect(headers.accept?.hasPrefix("type/0, type/1, ") == true)
        #expect(headers.accept?.hasSuffix("type/989") == true)
    }
}
