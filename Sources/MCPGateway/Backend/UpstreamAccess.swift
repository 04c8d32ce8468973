public import MCPCore

/// What an upstream tool, resource or prompt requires of a caller. Upstream servers declare no scopes, so the
/// configuration says it, rule by rule.
public enum UpstreamAccess: Sendable, Hashable {
    /// A token carrying these scopes (beyond the endpoint's base scopes; empty: any token of the endpoint).
    case scopes([String])
    /// No token needed on an endpoint that allows anonymous calls (OpenAI-style `noauth`); elsewhere a token.
    case noauth
    /// Not served: neither listed nor callable.
    case deny

    /// What satisfies both this and `other` (a URI read through a template must satisfy the template's rule and the
    /// URI's own): `deny` if either denies, else every scope of both; `noauth` only if both allow it.
    public func combined(with other: UpstreamAccess) -> UpstreamAccess {
        switch (self, other) {
        case (.deny, _), (_, .deny): .deny
        case (.noauth, .noauth): .noauth
        case (.scopes(let mine), .noauth), (.noauth, .scopes(let mine)): .scopes(mine)
        case (.scopes(let mine), .scopes(let theirs)): .scopes(mine + theirs.filter { !mine.contains($0) })
        }
    }

    /// The decision step's requirement; `nil` for ``deny``.
    public var requirement: AuthorizationRequirement? {
        switch self {
        case .scopes(let scopes): AuthorizationRequirement(scopes: scopes)
        case .noauth: AuthorizationRequirement(allowsAnonymous: true)
        case .deny: nil
        }
    }
}

/// A name pattern: exact, or with `*` standing for any run of characters (`read_*`, `notes://*`, `*`).
public struct NamePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as configured.
    public let description: String
    private let parts: [Substring]

    /// Creates a pattern.
    public init(_ pattern: String) {
        description = pattern
        parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    }

    /// Whether `name` matches, comparing exactly (no case folding).
    public func matches(_ name: String) -> Bool {
        guard parts.count > 1 else { return name == description }
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.firstRange(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = parts[parts.count - 1]
        return rest.count >= last.count && rest.hasSuffix(last)
    }
}

/// One rule: names matching ``pattern`` require ``access``.
public struct AccessRule: Sendable, Hashable {
    /// Which names the rule covers.
    public var pattern: NamePattern
    /// What they require.
    public var access: UpstreamAccess

    /// Creates a rule.
    public init(_ pattern: String, _ access: UpstreamAccess) {
        self.pattern = NamePattern(pattern)
        self.access = access
    }
}

/// Ordered rules, first match wins; a name matching no rule is ``UpstreamAccess/deny`` (a new upstream tool is never
/// served until a rule names it).
public struct AccessRules: Sendable, Hashable {
    /// The rules, in order.
    public var rules: [AccessRule]

    /// Creates rules, in order.
    public init(_ rules: [AccessRule] = []) {
        self.rules = rules
    }

    /// Every name allowed to any caller with a token of the endpoint (the one-line `--upstream` default).
    public static let everyoneWithAToken = AccessRules([AccessRule("*", .scopes([]))])

    /// What `name` requires.
    public func access(for name: String) -> UpstreamAccess {
        rule(for: name)?.access ?? .deny
    }

    /// The rule deciding `name` (the first that matches), or `nil` when none names it.
    public func rule(for name: String) -> AccessRule? {
        rules.first { $0.pattern.matches(name) }
    }

    /// Every scope a rule names.
    public var scopes: [String] {
        rules.flatMap { rule -> [String] in
            if case .scopes(let scopes) = rule.access { return scopes }
            return []
        }
    }
}
