import Testing
import TokenVerification

@Suite("ResourceIdentifier: RFC 8707 canonical resource URIs")
struct ResourceIdentifierTests {
    @Test(
        "canonicalizes scheme, host, default port, fragment and empty path",
        arguments: [
            ("HTTPS://Example.COM/mcp", "https://example.com/mcp"),
            ("https://example.com:443/mcp", "https://example.com/mcp"),
            ("http://example.com:80", "http://example.com"),
            ("https://example.com/", "https://example.com"),
            ("https://example.com", "https://example.com"),
            ("https://example.com:8443/a/B/", "https://example.com:8443/a/B/"),
            ("https://example.com/mcp#frag", "https://example.com/mcp"),
            ("https://example.com/mcp?x=1", "https://example.com/mcp?x=1"),
            ("http://[::1]:8080/mcp", "http://[::1]:8080/mcp"),
            ("http://127.0.0.1:8080/mcp/claude", "http://127.0.0.1:8080/mcp/claude"),
        ]
    )
    func canonical(_ input: String, _ expected: String) {
        #expect(ResourceIdentifier(input)?.canonical == expected)
    }

    @Test(
        "refuses what is not an absolute URI with an authority",
        arguments: [
            "example.com/mcp", "/mcp", "https://", "https://user@example.com/mcp", "https://a b/", "https://h:99999/",
            "https://h:-1/", "https://h:x/", "1https://h/", "https://[::1/", "mailto:a@b", "",
        ]
    )
    func refuses(_ input: String) {
        #expect(ResourceIdentifier(input) == nil)
    }
}
