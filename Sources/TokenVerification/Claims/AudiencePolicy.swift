/// How a token's `aud` values are compared with the resource being accessed (RFC 8707, RFC 9068 §4).
///
/// Both sides are canonicalized (see ``ResourceIdentifier``). A host-only URI with and without a trailing slash
/// is always the same resource (RFC 3986 §6.2.3). For non-empty paths, ``TrailingSlash`` says whether
/// `https://h/mcp/` matches `https://h/mcp`; the verifier logs whenever that rule is what made a match.
public struct AudiencePolicy: Sendable, Hashable {
    /// The trailing-slash rule for non-empty paths.
    public struct TrailingSlash: Sendable, Hashable, CustomStringConvertible {
        let ignoresTrailingSlash: Bool
        /// `https://h/mcp/` and `https://h/mcp` are different resources (the default).
        public static let significant = TrailingSlash(ignoresTrailingSlash: false)
        /// One trailing slash on a path is ignored. For clients known to add one.
        public static let ignored = TrailingSlash(ignoresTrailingSlash: true)

        public var description: String { ignoresTrailingSlash ? "ignored" : "significant" }
    }

    /// The trailing-slash rule.
    public var trailingSlash: TrailingSlash
    /// Further audiences accepted as if they were the resource (exact string match after canonicalization
    /// when they are URIs). Use sparingly; every match through one is logged.
    public var additionalAudiences: [String]

    /// Creates a policy.
    public init(trailingSlash: TrailingSlash = .significant, additionalAudiences: [String] = []) {
        self.trailingSlash = trailingSlash
        self.additionalAudiences = additionalAudiences
    }

    /// How an audience matched.
    public enum Match: Sendable, Hashable {
        /// Equal after canonicalization.
        case canonical
        /// Equal only once a trailing slash was ignored.
        case trailingSlash
        /// Through ``additionalAudiences``.
        case additionalAudience(String)
    }

    /// Finds how `audiences` (as written in the token) name `resource`, if they do.
    ///
    /// An audience written exactly in canonical form matches without further work; others are canonicalized
    /// first (see ``canonicalAudience(_:)``).
    public func match(_ audiences: [String], resource: ResourceIdentifier) -> Match? {
        if audiences.contains(resource.canonical) { return .canonical }
        let canonical = audiences.map(Self.canonicalAudience)
        if canonical.contains(resource.canonical) { return .canonical }
        if trailingSlash.ignoresTrailingSlash {
            let trimmed = resource.withoutTrailingSlash
            for audience in audiences {
                let candidate = ResourceIdentifier(audience)?.withoutTrailingSlash ?? audience
                if candidate == trimmed { return .trailingSlash }
            }
        }
        for extra in additionalAudiences where canonical.contains(Self.canonicalAudience(extra)) {
            return .additionalAudience(extra)
        }
        return nil
    }

    /// The canonical form of one `aud` value: a URI canonicalized, anything else (a client id) unchanged.
    public static func canonicalAudience(_ value: String) -> String {
        ResourceIdentifier(value)?.canonical ?? value
    }
}
