import Foundation
import InMemoryLogging
import Logging
import Testing
import TokenVerification

/// One loopback rule, parsed as an IP address (issue #12, finding 10).
@Suite("LoopbackHost: one rule, by address, never by prefix")
struct LoopbackHostTests {
    @Test(
        "loopback addresses and localhost",
        arguments: [
            "127.0.0.1", "127.1.2.3", "127.255.255.254", "localhost", "LOCALHOST", "::1", "[::1]",
            "0:0:0:0:0:0:0:1", "[0000:0000:0000:0000:0000:0000:0000:0001]", "::ffff:127.0.0.1",
        ])
    func loopback(_ host: String) {
        #expect(LoopbackHost.contains(host))
    }

    @Test(
        "names and addresses that only look like loopback",
        arguments: [
            "127.attacker.example", "127.0.0.1.nip.io", "128.0.0.1", "126.255.255.255", "localhost.attacker.example",
            "0.0.0.0", "::", "::2", "::ffff:128.0.0.1", "[::1", "example.com", "", "127.0.0.1:80", "1.127.0.0",
        ])
    func notLoopback(_ host: String) {
        #expect(!LoopbackHost.contains(host))
    }

    @Test("the fetcher applies the same rule: http to a look-alike name is refused before any connection")
    func fetcherRule() async throws {
        let fetcher = HTTPKeySetFetcher()
        await #expect(throws: KeySetFetchError.self) {
            try await fetcher.fetch("http://127.attacker.example/jwks", maximumBytes: 100)
        }
    }

    @Test("a refused or failed key set fetch is logged as a warning once, not only shown in /readyz")
    func fetchFailureIsLogged() async throws {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test") { _ in handler }
        logger.logLevel = .trace
        let fetcher = HTTPKeySetFetcher()
        let keySet = RemoteKeySet(
            source: .keySetURL("http://127.attacker.example/jwks"), fetcher: fetcher, logger: logger)
        await keySet.refresh()
        await keySet.refresh()
        let entries = handler.entries
        #expect(entries.map(\.level) == [.warning, .debug])
        #expect(entries.first?.message == "key set fetch failed; no keys yet")
        #expect(entries.first?.metadata["jwks.error"]?.description.contains("must use https") == true)
    }
}
