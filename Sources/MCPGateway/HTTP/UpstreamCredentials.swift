/// Header fields that authenticate the gateway itself to one upstream: never the caller's token (MCP
/// 2026-07-28 security best practices, "Token Passthrough").
public protocol UpstreamCredentials: Sendable {
    /// The header fields to send with the next request (fetching or refreshing a token where needed).
    func headers() async throws(UpstreamCredentialError) -> [(name: String, value: String)]
    /// Forgets a cached token after the upstream refused it (HTTP 401), so the next request fetches a new one.
    func invalidate() async
}

extension UpstreamCredentials {
    /// Nothing cached, nothing to forget.
    public func invalidate() async {}
}

/// Why the gateway has no credentials for an upstream right now.
public struct UpstreamCredentialError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, without any secret.
    public let description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}

/// No credentials: the upstream is reached on a private network or needs none.
public struct NoUpstreamCredentials: UpstreamCredentials {
    /// Creates the empty credentials.
    public init() {}

    public func headers() async throws(UpstreamCredentialError) -> [(name: String, value: String)] { [] }
}

/// One fixed header field, its value read from a secret (a file or an environment variable) at start-up.
public struct StaticHeaderCredentials: UpstreamCredentials, CustomStringConvertible {
    private let name: String
    private let value: String

    /// Creates the credentials; `value` is never printed.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public func headers() async throws(UpstreamCredentialError) -> [(name: String, value: String)] {
        [(name, value)]
    }

    /// Names the header only.
    public var description: String { "\(name): <redacted>" }
}
