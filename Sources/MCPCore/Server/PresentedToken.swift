/// The access token the caller presented, as the transport received and verified it, for a backend that acts on
/// the caller's behalf by **exchanging** it for a token meant for someone else (RFC 8693 §2.1 `subject_token`).
///
/// Never forward it: MCP 2026-07-28 forbids token passthrough (security best practices, "Token Passthrough") — a
/// token issued for this server must not reach another. Its description is redacted so that it cannot end up in a
/// log by accident.
public struct PresentedToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The token as sent after `Bearer `.
    public let value: String
    /// Its `exp` (seconds since 1970): nothing derived from it should outlive it.
    public let expiresAt: Double

    /// Wraps a verified token.
    public init(value: String, expiresAt: Double) {
        self.value = value
        self.expiresAt = expiresAt
    }

    /// `<redacted access token>`.
    public var description: String { "<redacted access token>" }

    /// `<redacted access token>`.
    public var debugDescription: String { description }
}
