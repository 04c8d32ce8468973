import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCPGateway
import NIOCore
import Synchronization
import Testing

@Suite("OAuth client credentials for upstreams (RFC 6749 §4.4)")
struct ClientCredentialsTests {
    /// A token endpoint on a loopback socket: counts requests, records the last form and Authorization, and answers
    /// as `mode` says.
    final class TokenEndpoint: Sendable {
        let requests = Mutex(0)
        let lastForm = Mutex("")
        let lastAuthorization = Mutex("")
        let mode = Mutex("ok")

        func application() -> some ApplicationProtocol {
            let router = Router()
            router.post("/token") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 4096)
                self.requests.withLock { $0 += 1 }
                self.lastForm.withLock { $0 = String(buffer: body) }
                self.lastAuthorization.withLock { $0 = request.headers[.authorization] ?? "" }
                let count = self.requests.withLock { $0 }
                let (status, json): (HTTPResponse.Status, String) =
                    switch self.mode.withLock({ $0 }) {
                    case _ where String(buffer: body).contains("grant-type%3Atoken-exchange"):
                        Self.exchangeAnswer(mode: self.mode.withLock { $0 }, count: count)
                    case "denied": (.badRequest, #"{"error":"invalid_client","error_description":"s3cret-leak?"}"#)
                    case "mac": (.ok, #"{"access_token":"t","token_type":"mac","expires_in":60}"#)
                    case "unsafe": (.ok, #"{"access_token":"t\r\nX-Injected: 1","token_type":"Bearer"}"#)
                    default: (.ok, #"{"access_token":"token-\#(count)","token_type":"Bearer","expires_in":3600}"#)
                    }
                return Response(
                    status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: json)))
            }
            return Application(router: router)
        }

        /// A token exchange answer (RFC 8693 §2.2): `exchanged-N` as an access token, or what `mode` names.
        static func exchangeAnswer(mode: String, count: Int) -> (HTTPResponse.Status, String) {
            let accessToken = "urn:ietf:params:oauth:token-type:access_token"
            return switch mode {
            case "invalid_target": (.badRequest, #"{"error":"invalid_target","error_description":"leak?"}"#)
            case "jwt":
                (
                    .ok,
                    #"{"access_token":"e","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:jwt"}"#
                )
            case "untyped": (.ok, #"{"access_token":"e","token_type":"Bearer"}"#)
            default:
                (
                    .ok,
                    #"{"access_token":"exchanged-\#(count)","token_type":"Bearer","issued_token_type":"\#(accessToken)","expires_in":3600}"#
                )
            }
        }
    }

    @Test("Fetched once with Basic auth and the resource, cached, fetched again after invalidate()")
    func cachedAndInvalidated() async throws {
        let endpoint = TokenEndpoint()
        try await endpoint.application().test(.live) { client in
            let credentials = OAuthClientCredentials(
                tokenEndpoint: URL(string: "http://127.0.0.1:\(client.port ?? 0)/token")!, clientID: "gw",
                clientSecret: "s3cret", scope: "notes.read", resource: "http://up.example/mcp")
            async let first = credentials.headers()
            async let second = credentials.headers()
            let (a, b) = try await (first, second)
            #expect(a.first?.value == "Bearer token-1" && b.first?.value == "Bearer token-1")
            #expect(try await credentials.headers().first?.value == "Bearer token-1")
            #expect(endpoint.requests.withLock { $0 } == 1, "concurrent and later callers share one fetch")
            #expect(
                endpoint.lastAuthorization.withLock { $0 } == "Basic " + Data("gw:s3cret".utf8).base64EncodedString())
            #expect(endpoint.lastForm.withLock { $0 }.contains("resource=http%3A%2F%2Fup.example%2Fmcp"))
            await credentials.invalidate()
            #expect(try await credentials.headers().first?.value == "Bearer token-2")
        }
    }

    @Test("A refusal names the status and the OAuth error code, never the secret or the description")
    func refusalsAreNamed() async throws {
        let endpoint = TokenEndpoint()
        try await endpoint.application().test(.live) { client in
            let url = URL(string: "http://127.0.0.1:\(client.port ?? 0)/token")!
            endpoint.mode.withLock { $0 = "denied" }
            let credentials = OAuthClientCredentials(tokenEndpoint: url, clientID: "gw", clientSecret: "s3cret")
            await #expect {
                _ = try await credentials.headers()
            } throws: { error in
                let text = "\(error)"
                return text.contains("HTTP 400") && text.contains("invalid_client") && !text.contains("s3cret")
            }
            endpoint.mode.withLock { $0 = "mac" }
            await #expect(throws: UpstreamCredentialError.self) { _ = try await credentials.headers() }
            endpoint.mode.withLock { $0 = "unsafe" }
            await #expect {
                _ = try await credentials.headers()
            } throws: { error in "\(error)".contains("not a header-safe string") }
        }
        let unreachable = OAuthClientCredentials(
            tokenEndpoint: URL(string: "http://127.0.0.1:1/token")!, clientID: "gw", clientSecret: "s")
        await #expect(throws: UpstreamCredentialError.self) { _ = try await unreachable.headers() }
    }
}
