public import Foundation

/// One existing MCP server the gateway serves, and how its tools, resources and prompts are authorized.
public struct UpstreamConfiguration: Sendable {
    /// How the server is reached.
    public enum Transport: Sendable, Hashable {
        /// Streamable HTTP at this URL.
        case http(URL)
        /// A child process over stdio.
        case stdio(UpstreamCommand)
    }

    /// The upstream's name (in configuration, logs, metrics and errors).
    public var name: String
    /// How it is reached.
    public var transport: Transport
    /// Put before its tool and prompt names on the endpoint (`github_` serves `create_issue` as
    /// `github_create_issue`); resource URIs are not renamed.
    public var prefix: String
    /// What each tool requires, by its upstream name (without the prefix). Tools matching no rule are not served.
    public var tools: AccessRules
    /// What each resource and resource template requires, by URI. Resources matching no rule are not served.
    public var resources: AccessRules
    /// What each prompt requires, by its upstream name. Prompts matching no rule are not served.
    public var prompts: AccessRules
    /// The gateway's own credentials for this upstream (never the caller's token). With ``tokenExchange``, they
    /// serve only the requests made for no caller (fetching the lists).
    public var credentials: any UpstreamCredentials
    /// When set, requests made for a caller carry a token exchanged for the caller's own (RFC 8693), cached per
    /// principal; the caller's token itself is never sent.
    public var tokenExchange: TokenExchange?
    /// Whether the caller's identity is sent in `Gatehouse-Caller-*` header fields (HTTP upstreams). Trust these
    /// only on a private network: anything that reaches the upstream directly can send them too.
    public var forwardsIdentity: Bool
    /// How long one request may take.
    public var timeout: Duration
    /// The largest response (or stdio message) accepted.
    public var maximumResponseBytes: Int
    /// How often the lists are fetched again (stdio upstreams also refresh on `list_changed`).
    public var refreshInterval: Duration
    /// The most upstream sessions kept at once, one per principal (issuer + subject); the least recently used is
    /// closed beyond it.
    public var maximumSessions: Int
    /// How long an unused principal's session is kept.
    public var sessionIdleTimeout: Duration
    /// The most notifications (progress, log messages) of one request relayed to the caller; later ones are dropped
    /// and the drop logged once.
    public var maximumRelayedNotifications = 10_000
    /// stdio: one child process per principal (issuer + subject) instead of one for every caller, bounded by
    /// ``maximumSessions`` and ``sessionIdleTimeout`` like HTTP sessions; the lists come from a process of their own.
    public var processPerPrincipal = false
    /// The secret the upstream's 2026-07-28 `requestState` is sealed with before it reaches a caller (at least 32
    /// bytes; the same on every gateway instance behind one load balancer). `nil`: a random key of this process, so
    /// a retry must reach the process that answered (see ``RequestStateSeal``).
    public var requestStateSecret: String?
    /// How long a caller may take to answer the input an upstream asked for (its sealed `requestState` expires).
    public var requestStateLifetime: Duration = .seconds(600)

    /// Creates an upstream; by default nothing of it is served until ``tools``, ``resources`` or ``prompts`` name it.
    public init(
        name: String, transport: Transport, prefix: String = "", tools: AccessRules = AccessRules(),
        resources: AccessRules = AccessRules(), prompts: AccessRules = AccessRules(),
        credentials: any UpstreamCredentials = NoUpstreamCredentials(), forwardsIdentity: Bool = false,
        timeout: Duration = .seconds(30), maximumResponseBytes: Int = 16 << 20,
        refreshInterval: Duration = .seconds(60), maximumSessions: Int = 1_000,
        sessionIdleTimeout: Duration = .seconds(600)
    ) {
        self.name = name
        self.transport = transport
        self.prefix = prefix
        self.tools = tools
        self.resources = resources
        self.prompts = prompts
        self.credentials = credentials
        self.tokenExchange = nil
        self.forwardsIdentity = forwardsIdentity
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
        self.refreshInterval = refreshInterval
        self.maximumSessions = maximumSessions
        self.sessionIdleTimeout = sessionIdleTimeout
    }

    /// Every scope a rule names.
    public var scopes: [String] { tools.scopes + resources.scopes + prompts.scopes }
}
