public import GatehouseJSON
import Synchronization

/// The state an `initialize` handshake creates (revisions 2025-03-26 to 2025-11-25): the negotiated revision,
/// what the client said about itself, the log level, and the principal the session is bound to.
public final class LegacySession: Sendable {
    /// The negotiated revision.
    public let protocolVersion: ProtocolVersion
    /// `clientInfo` from `initialize`.
    public let clientInfo: JSONValue?
    /// `capabilities` from `initialize`.
    public let clientCapabilities: JSONValue?
    /// The caller that created the session (issuer + subject), if it was authenticated.
    public let owner: Caller?
    private let state = Mutex((initialized: false, logLevel: String?.none))

    /// Creates a session.
    public init(
        protocolVersion: ProtocolVersion, clientInfo: JSONValue?, clientCapabilities: JSONValue?, owner: Caller?
    ) {
        self.protocolVersion = protocolVersion
        self.clientInfo = clientInfo
        self.clientCapabilities = clientCapabilities
        self.owner = owner
    }

    /// Whether `notifications/initialized` has arrived.
    public var isInitialized: Bool { state.withLock { $0.initialized } }

    /// Records `notifications/initialized`.
    public func markInitialized() { state.withLock { $0.initialized = true } }

    /// The level set by `logging/setLevel`, if any.
    public var logLevel: String? { state.withLock { $0.logLevel } }

    func setLogLevel(_ level: String) { state.withLock { $0.logLevel = level } }

    /// Whether `caller` may use this session: the same issuer and subject as its creator (a refreshed token for
    /// the same user passes; another user, or an anonymous caller on an authenticated session, does not).
    public func admits(_ caller: Caller?) -> Bool {
        switch (owner, caller) {
        case (nil, _): return true
        case (let owner?, let caller?): return owner.issuer == caller.issuer && owner.subject == caller.subject
        case (.some, nil): return false
        }
    }
}
