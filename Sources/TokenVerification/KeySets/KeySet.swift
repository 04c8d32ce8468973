/// An immutable set of verification keys, indexed for the per-request lookup.
public struct KeySet: Sendable {
    /// Every key, in publication order.
    public let keys: [VerificationKey]
    /// RFC 7638 thumbprints of every key, to tell whether a key is still published.
    public let thumbprints: Set<String>
    private let byKeyID: [String: [VerificationKey]]

    /// Creates a set.
    public init(_ keys: [VerificationKey]) {
        self.keys = keys
        self.thumbprints = Set(keys.map(\.thumbprint))
        var byKeyID: [String: [VerificationKey]] = [:]
        for key in keys {
            if let keyID = key.keyID { byKeyID[keyID, default: []].append(key) }
        }
        self.byKeyID = byKeyID
    }

    /// An empty set.
    public static let empty = KeySet([])

    /// Whether the set publishes a key with `keyID`.
    public func contains(keyID: String) -> Bool { byKeyID[keyID] != nil }

    /// The keys that may verify a token with this `kid` and algorithm.
    ///
    /// With a `kid`, only keys published under exactly that `kid` (compared as opaque bytes). Without one
    /// (RFC 7515 makes `kid` optional), every key of the right family: at most the set's size, which is capped
    /// when the set is read.
    public func candidates(keyID: String?, algorithm: SignatureAlgorithm) -> [VerificationKey] {
        if let keyID {
            return (byKeyID[keyID] ?? []).filter { $0.permits(algorithm) }
        }
        return keys.filter { $0.permits(algorithm) }
    }
}
