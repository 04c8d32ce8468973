@testable import DevelopmentAuthorization
import Testing

@Suite("redirect URIs: what may be registered (OAuth 2.1 §2.3.1, RFC 8252 §7) and how a request must match")
struct RedirectRuleTests {
    @Test(
        "accepted",
        arguments: [
            "https://app.example.com/callback", "http://127.0.0.1:3000/cb", "http://localhost:6274/oauth/callback",
            "http://[::1]:8000/cb", "com.example.app:/oauth2redirect",
        ])
    func accepted(uri: String) {
        #expect(RedirectURI.problem(uri) == nil)
    }

    @Test(
        "refused",
        arguments: [
            "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "http://app.example.com/cb",
            "http://127.0.0.1.evil.example/cb", "https://app.example.com/cb#frag", "https://user:pw@app.example.com/cb",
            "myapp:/cb", "/relative/path", "https:///no-host",
        ])
    func refused(uri: String) {
        #expect(RedirectURI.problem(uri) != nil)
    }

    @Test func loopbackPortsMayDifferNothingElse() {
        let registered = "http://127.0.0.1:3000/cb"
        #expect(RedirectURI.matches("http://127.0.0.1:51234/cb", registered: registered))
        #expect(!RedirectURI.matches("http://127.0.0.1:51234/other", registered: registered))
        #expect(!RedirectURI.matches("http://localhost:3000/cb", registered: registered))
        #expect(!RedirectURI.matches("https://app.example.com:8443/cb", registered: "https://app.example.com/cb"))
        #expect(!RedirectURI.matches("https://app.example.com/cb?x=1", registered: "https://app.example.com/cb"))
        #expect(RedirectURI.matches("https://app.example.com/cb", registered: "https://app.example.com/cb"))
    }

    @Test func tablesStayWithinTheirCapacity() {
        var table = ExpiringTable<Int>(capacity: 3)
        for index in 0..<10 { table.insert(index, key: "k\(index)", expires: 100, now: 0) }
        #expect(table.count == 3)
        #expect(table.value("k9", now: 0) == 9)
        #expect(table.value("k0", now: 0) == nil)
        #expect(table.value("k9", now: 100) == nil)
    }
}
