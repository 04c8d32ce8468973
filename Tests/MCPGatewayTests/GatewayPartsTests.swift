import Foundation
import GatehouseJSON
import MCPCore
import Testing

@testable import MCPGateway

@Suite("Gateway parts: rules, commands, event streams, header values, translation")
struct GatewayPartsTests {
    @Test("Name patterns match exactly or with * runs, never by case folding or prefix")
    func namePatterns() {
        #expect(NamePattern("read_notes").matches("read_notes"))
        #expect(!NamePattern("read_notes").matches("read_notes2"))
        #expect(!NamePattern("read_notes").matches("READ_NOTES"))
        #expect(NamePattern("read_*").matches("read_"))
        #expect(NamePattern("read_*").matches("read_all"))
        #expect(!NamePattern("read_*").matches("xread_all"))
        #expect(NamePattern("*").matches(""))
        #expect(NamePattern("a*b*c").matches("abc"))
        #expect(NamePattern("a*b*c").matches("a-b-b-c"))
        #expect(!NamePattern("a*b*c").matches("a-c-b"))
        #expect(!NamePattern("*_admin").matches("admin"))
        #expect(NamePattern("notes://*").matches("notes://by-id/7"))
    }

    @Test("Rules: first match wins; a name no rule matches is denied")
    func rulesFirstMatch() {
        let rules = AccessRules([
            AccessRule("admin_*", .scopes(["admin"])), AccessRule("admin_reset", .noauth),
            AccessRule("public_*", .noauth), AccessRule("secret", .deny), AccessRule("*_read", .scopes([])),
        ])
        #expect(rules.access(for: "admin_reset") == .scopes(["admin"]))
        #expect(rules.access(for: "public_time") == .noauth)
        #expect(rules.access(for: "secret") == .deny)
        #expect(rules.access(for: "notes_read") == .scopes([]))
        #expect(rules.access(for: "brand_new_tool") == .deny)
        #expect(AccessRules().access(for: "anything") == .deny)
        #expect(UpstreamAccess.deny.requirement == nil)
        #expect(UpstreamAccess.noauth.requirement == AuthorizationRequirement(allowsAnonymous: true))
    }

    @Test("A one-line command splits into words with quotes and escapes; no shell runs")
    func commandLines() throws {
        let command = try #require(UpstreamCommand(commandLine: #"python3 "my server.py" --name 'a b' x\ y"#))
        #expect(command.executable == "python3")
        #expect(command.arguments == ["my server.py", "--name", "a b", "x y"])
        #expect(UpstreamCommand(commandLine: "echo $(rm -rf /) ; ls")?.arguments == ["$(rm", "-rf", "/)", ";", "ls"])
        #expect(UpstreamCommand(commandLine: #"python "unterminated"#) == nil)
        #expect(UpstreamCommand(commandLine: #"trailing\"#) == nil)
        #expect(UpstreamCommand(commandLine: "   ") == nil)
        #expect(UpstreamCommand(commandLine: #"'' empty"#)?.executable == "")
    }

    @Test("Event streams: data lines joined, CR/LF/CRLF line ends, comments, split anywhere, bounded")
    func eventStreams() throws {
        var parser = EventStreamParser(maximumEventBytes: 1 << 10)
        let stream = Array(": comment\r\nid: 7\r\ndata: {\"a\":\ndata: 1}\r\n\r\nevent: ping\rdata:x\r\r".utf8)
        var events: [EventStreamParser.Event] = []
        for byte in stream { events += try parser.feed([byte]) }  // one byte at a time: chunking cannot matter
        #expect(events.count == 2)
        #expect(events.first?.data == Array("{\"a\":\n1}".utf8))
        #expect(events.first?.id == "7")
        #expect(events.last?.type == "ping")
        #expect(events.last?.data == Array("x".utf8))
        var small = EventStreamParser(maximumEventBytes: 16)
        #expect(throws: EventStreamParser.Oversized.self) {
            _ = try small.feed(Array("data: 0123456789\ndata: 0123456789\n".utf8))
        }
        var endless = EventStreamParser(maximumEventBytes: 16)
        #expect(throws: EventStreamParser.Oversized.self) { _ = try endless.feed(Array(repeating: 0x61, count: 64)) }
    }

    @Test("Mirrored header values: plain visible ASCII as is, anything else Base64 in the sentinel form")
    func headerValues() {
        #expect(MirroredHeaderValue.encode("add_note") == "add_note")
        #expect(MirroredHeaderValue.encode("héllo") == "=?base64?aMOpbGxv?=")
        #expect(MirroredHeaderValue.encode("a\r\nX-Injected: 1").hasPrefix("=?base64?"))
        #expect(MirroredHeaderValue.encode(" padded").hasPrefix("=?base64?"))
        #expect(MirroredHeaderValue.encode("=?base64?Zm9v?=") == "=?base64?PT9iYXNlNjQ/Wm05dj89?=")
    }

    @Test("Identity headers: none for an anonymous caller; a value with a line break cannot add a header")
    func identityHeaders() {
        #expect(IdentityHeaders.fields(for: nil).isEmpty)
        let fields = IdentityHeaders.fields(
            for: Caller(issuer: "https://as.example", subject: "eve\r\nAuthorization: Bearer x", scopes: ["a", "b"]))
        #expect(
            fields.map(\.name) == ["Gatehouse-Caller-Issuer", "Gatehouse-Caller-Subject", "Gatehouse-Caller-Scopes"])
        #expect(fields.allSatisfy { !$0.value.contains("\r") && !$0.value.contains("\n") })
        #expect(fields[1].value.hasPrefix("=?base64?"))
        #expect(fields[2].value == "a b")
    }

    @Test("Tool descriptors are translated for the caller's revision and carry only the gateway's security schemes")
    func descriptorTranslation() {
        let upstream: [String: JSONValue] = [
            "name": "add", "title": "Add", "inputSchema": ["type": "object"], "outputSchema": ["type": "object"],
            "icons": [["src": "https://example/icon.png"]], "securitySchemes": [["type": "noauth"]],
        ]
        let old = DescriptorTranslation.tool(upstream, name: "m_add", version: .v2025_03_26, securitySchemes: nil)
        #expect(old["name"] == "m_add")
        #expect(old["title"] == nil && old["outputSchema"] == nil && old["icons"] == nil)
        #expect(old["annotations"]?["title"] == "Add")
        #expect(old["securitySchemes"] == nil)
        let new = DescriptorTranslation.tool(
            upstream, name: "m_add", version: .v2026_07_28, securitySchemes: [.oauth2(scopes: ["s"])])
        #expect(new["title"] == "Add" && new["outputSchema"] != nil && new["icons"] != nil)
        #expect(new["securitySchemes"] == [["type": "oauth2", "scopes": ["s"]]])
    }

    @Test("A relayed resource_link becomes text for clients before 2025-06-18; other blocks pass unchanged")
    func relayedBlocks() {
        let link = ToolContent.block(["type": "resource_link", "uri": "notes://1", "name": "one"])
        #expect(link.json(for: .v2025_03_26) == ["type": "text", "text": "one: notes://1"])
        #expect(link.json(for: .v2025_06_18)["type"] == "resource_link")
        let audio = ToolContent.block(["type": "audio", "data": "AAAA", "mimeType": "audio/wav"])
        var bytes: [UInt8] = []
        audio.write(for: .v2025_11_25, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == JSONWriter.serialize(audio.json(for: .v2025_11_25)))
    }

    @Test("Server messages are read strictly: a response needs exactly one of result and error, and an id")
    func serverMessages() throws {
        func parse(_ text: String) throws(MCPClientError) -> ServerMessage {
            try ServerMessage(bytes: Array(text.utf8))
        }
        guard case .response(let ok) = try parse(#"{"jsonrpc":"2.0","id":1,"result":{}}"#) else {
            Issue.record("not a response")
            return
        }
        #expect(ok.id == .number(1))
        guard case .response(let failed) = try parse(#"{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"m"}}"#)
        else {
            Issue.record("not a response")
            return
        }
        #expect(failed.error?.code == -32602)
        for invalid in [
            #"{"jsonrpc":"2.0","id":1}"#, #"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}}"#,
            #"{"jsonrpc":"2.0","result":{}}"#, #"{"jsonrpc":"1.0","id":1,"result":{}}"#,
            #"{"jsonrpc":"2.0","id":1,"result":[]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#,
            #"{"jsonrpc":"2.0","id":1,"result":{},"id":2}"#, "not json", "[]",
        ] {
            #expect(throws: MCPClientError.self, "\(invalid)") { _ = try parse(invalid) }
        }
    }
}

extension GatewayPartsTests {
    @Test("URI templates match linearly: the same answers, and a long hostile URI does not explode")
    func templateMatching() {
        #expect(Resource.uri("notes://by-id/7", matchesTemplate: "notes://by-id/{id}"))
        #expect(!Resource.uri("notes://by-id/", matchesTemplate: "notes://by-id/{id}"), "a variable is not empty")
        #expect(!Resource.uri("notes://by-id/7/8", matchesTemplate: "notes://by-id/{id}"), "nor crosses a /")
        #expect(Resource.uri("x://a.b.c", matchesTemplate: "x://{a}.{b}"))
        #expect(Resource.uri("x://a/b.c", matchesTemplate: "x://{a}/{b}.{c}"))
        #expect(!Resource.uri("x://abc", matchesTemplate: "x://{a}.{b}"))
        #expect(Resource.uri("plain", matchesTemplate: "plain") && !Resource.uri("plain2", matchesTemplate: "plain"))
        // Backtracking would take about n³ steps here (n = 200 000); the table takes a few per byte and variable.
        let hostile = "x://" + String(repeating: ".", count: 200_000) + "/"
        #expect(!Resource.uri(hostile, matchesTemplate: "x://{a}.{b}.{c}.{d}"))
    }

    @Test("Access of a URI read through a template: both rules, the stricter wins")
    func combinedAccess() {
        #expect(UpstreamAccess.scopes(["a"]).combined(with: .scopes(["b", "a"])) == .scopes(["a", "b"]))
        #expect(UpstreamAccess.scopes(["a"]).combined(with: .noauth) == .scopes(["a"]))
        #expect(UpstreamAccess.noauth.combined(with: .noauth) == .noauth)
        #expect(UpstreamAccess.noauth.combined(with: .deny) == .deny)
        #expect(UpstreamAccess.deny.combined(with: .scopes([])) == .deny)
    }

    @Test("Client credentials: the form is urlencoded (RFC 6749 Appendix B); resource and scope only when set")
    func clientCredentialsForm() {
        #expect(
            TokenEndpointClient.formBody(OAuthClientCredentials.fields(scope: nil, resource: nil))
                == "grant_type=client_credentials")
        #expect(
            TokenEndpointClient.formBody(
                OAuthClientCredentials.fields(scope: "a b", resource: "https://up.example/mcp?x=1&y"))
                == "grant_type=client_credentials&scope=a%20b&resource=https%3A%2F%2Fup.example%2Fmcp%3Fx%3D1%26y")
        #expect(TokenEndpointClient.formEncode("id:with&=") == "id%3Awith%26%3D")
    }

    @Test("a Content-Type's media type: parameters, spaces, tabs and case do not matter")
    func mediaTypes() {
        #expect(HTTPUpstreamTransport.mediaType(of: "application/json") == "application/json")
        #expect(HTTPUpstreamTransport.mediaType(of: " Text/Event-Stream ; charset=utf-8") == "text/event-stream")
        #expect(HTTPUpstreamTransport.mediaType(of: "\tapplication/json\t;q=1") == "application/json")
        #expect(HTTPUpstreamTransport.mediaType(of: "") == "")
        #expect(HTTPUpstreamTransport.mediaType(of: " ; x") == "")
        #expect(HTTPUpstreamTransport.mediaType(of: "text/html") == "text/html")
    }

    @Test("a request state's argument digest is unpadded base64url, with - and _ where base64 has + and /")
    func argumentDigestEncoding() {
        #expect(RequestStateSeal.Binding.base64URL(Data([0xFB, 0xFF, 0xBF])) == "-_-_")
        #expect(RequestStateSeal.Binding.base64URL(Data([0xFF])) == "_w")
        #expect(RequestStateSeal.Binding.base64URL(Data([0x68, 0x69])) == "aGk")
        #expect(RequestStateSeal.Binding.base64URL(Data()) == "")
    }
}
