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
    private let state: Mutex<(logLevel: LogLevel?, owner: Caller?)>

    /// Creates a session.
    public init(
        protocolVersion: ProtocolVersion, clientInfo: JSONValue?, clientCapabilities: JSONValue?, owner: Caller?
    ) {
        self.protocolVersion = protocolVersion
        self.clientInfo = clientInfo
        self.clientCapabilities = clientCapabilities
        self.state = Mutex((logLevel: nil, owner: owner))
    }

    /// The principal the session is bound to (issuer + subject): its creator, or the first authenticated caller of a
    /// session that was opened anonymously.
    public var owner: Caller? { state.withLock { $0.owner } }

    /// The lowest level the client asked to receive (`logging/setLevel`), if it asked; the dispatcher puts it on
    /// every call's context (``CallContext/minimumLogLevel``), so ``CallContext/log(_:_:logger:)`` respects it.
    public var logLevel: LogLevel? { state.withLock { $0.logLevel } }

    func setLogLevel(_ level: LogLevel) { state.withLock { $0.logLevel = level } }

    /// Whether `caller` may use this session: the same issuer and subject as its owner (a refreshed token for the
    /// same user passes; another user, or an anonymous caller on an owned session, does not). A session opened
    /// anonymously is claimed by its first authenticated caller, so two principals can never share one (and so never
    /// cancel each other's requests).
    public func admits(_ caller: Caller?) -> Bool {
        state.withLock { state in
            switch (state.owner, caller) {
            case (nil, nil):
                return true
            case (nil, let caller?):
                state.owner = caller
                return true
            case (let owner?, let caller?):
                return owner.issuer == caller.issuer && owner.subject == caller.subject
            case (.some, nil):
                return false
            }
        }
    }
}
