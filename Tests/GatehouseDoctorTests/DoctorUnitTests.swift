import GatehouseJSON
import Testing

@testable import GatehouseDoctor

@Suite("gatehouse doctor: the pieces under the report")
struct DoctorUnitTests {
    @Test func sseEventsHandleCRLFMultilineDataAndComments() {
        let body =
            "retry: 3000\r\n\r\n: comment\r\nevent: message\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\ndata:{\"b\":2}\n\n"
        #expect(DoctorHTTP.Answer.events(body) == ["{\"a\":\n1}", "{\"b\":2}"])
    }

    @Test func authorizationServerMetadataLocationsFollowTheSpecifiedOrder() {
        #expect(
            Doctor.authorizationServerMetadataURLs(issuer: "https://id.example.com/realms/mcp") == [
                "https://id.example.com/.well-known/oauth-authorization-server/realms/mcp",
                "https://id.example.com/.well-known/openid-configuration/realms/mcp",
                "https://id.example.com/realms/mcp/.well-known/openid-configuration",
            ])
        #expect(
            Doctor.authorizationServerMetadataURLs(issuer: "https://id.example.com") == [
                "https://id.example.com/.well-known/oauth-authorization-server",
                "https://id.example.com/.well-known/openid-configuration",
            ])
    }

    @Test func onlyReadOnlyToolsWithoutArgumentsAreCalledUnasked() {
        let tools: [JSONValue] = [
            ["name": "delete_all", "annotations": ["readOnlyHint": false]],
            ["name": "search", "annotations": ["readOnlyHint": true], "inputSchema": ["required": ["q"]]],
            ["name": "unannotated"],
            ["name": "time", "annotations": ["readOnlyHint": true], "inputSchema": ["type": "object"]],
        ]
        #expect(Doctor.safeTool(in: tools, named: nil) == "time")
        #expect(Doctor.safeTool(in: Array(tools.prefix(3)), named: nil) == nil)
        #expect(Doctor.safeTool(in: tools, named: "search") == "search")
    }

    @Test func clientSecretsGoOnlyOverHTTPSOrLoopback() {
        #expect(Doctor.isSecure("https://id.example.com/token"))
        #expect(Doctor.isSecure("http://127.0.0.1:8081/token"))
        #expect(!Doctor.isSecure("http://id.example.com/token"))
        #expect(!Doctor.isSecure("ftp://id.example.com/token"))
    }

    @Test func theReportFailsOnAnyFailureAndShowsFixes() {
        var report = DoctorReport(url: "https://mcp.example.com/mcp")
        report.add("reachable", .pass, "HTTP 401")
        #expect(report.succeeded)
        report.add("metadata", .fail, "no usable metadata", fix: "serve it")
        #expect(!report.succeeded)
        #expect(report.text.contains("✗ metadata: no usable metadata\n      fix: serve it"))
        #expect(report.json["succeeded"] == false)
    }
}
