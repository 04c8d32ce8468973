import Synchronization

/// A bounded cache of tokens whose signature and claims were verified, keyed by the token's SHA-256 digest.
///
/// It saves the signature check, never a time or audience check: the verifier re-evaluates `exp`, `nbf`,
/// `iat`, the audience and scopes on every hit, and reuses an entry only while the key that verified it is still
/// published by the issuer. An entry lives until the earlier of the token's `exp` and ``Configuration/timeToLive``.
/// Bounded by entry count and by approximate memory; when full, expired entries go first, then the oldest.
/// Eight independently locked shards keep concurrent lookups from queueing on one lock.
public final class VerifiedTokenCache: Sendable {
    /// Limits.
    public struct Configuration: Sendable {
        /// The most tokens kept.
        public var maximumEntries: Int
        /// The most memory (approximate, in bytes) the entries may use.
        public var maximumBytes: Int
        /// The longest an entry is kept, whatever the token's `exp`.
        public var timeToLive: Double

        /// Creates a configuration (defaults: 10 000 entries, 32 MiB, 5 minutes).
        public init(maximumEntries: Int = 10_000, maximumBytes: Int = 32 * 1024 * 1024, timeToLive: Double = 300) {
            self.maximumEntries = maximumEntries
            self.maximumBytes = maximumBytes
            self.timeToLive = timeToLive
        }
    }

    /// Counters, for metrics.
    public struct Statistics: Sendable, Equatable {
        /// Lookups answered from the cache.
        public var hits = 0
        /// Lookups that found nothing usable.
        public var misses = 0
        /// Entries removed to make room.
        public var evictions = 0
        /// Entries currently held.
        public var entries = 0

        /// Creates counters (for tests and aggregations).
        public init(hits: Int = 0, misses: Int = 0, evictions: Int = 0, entries: Int = 0) {
            self.hits = hits
            self.misses = misses
            self.evictions = evictions
            self.entries = entries
        }
    }

    private struct Entry {
        let token: VerifiedAccessToken
        let expiresAt: Double
        let cost: Int
    }

    private struct Shard {
        var entries: [TokenDigest: Entry] = [:]
        var insertionOrder: [TokenDigest] = []
        var head = 0
        var bytes = 0
        var statistics = Statistics()

        mutating func evictOldest() -> Bool {
            while head < insertionOrder.count {
                let digest = insertionOrder[head]
                head += 1
                if let entry = entries.removeValue(forKey: digest) {
                    bytes -= entry.cost
                    statistics.evictions += 1
                    compactIfNeeded()
                    return true
                }
            }
            compactIfNeeded()
            return false
        }

        mutating func removeExpired(now: Double) {
            let before = entries.count
            entries = entries.filter { $0.value.expiresAt > now }
            guard entries.count != before else { return }
            bytes = entries.values.reduce(0) { $0 + $1.cost }
            insertionOrder = insertionOrder[head...].filter { entries[$0] != nil }
            head = 0
        }

        mutating func compactIfNeeded() {
            if head > 64 && head * 2 > insertionOrder.count {
                insertionOrder.removeFirst(head)
                head = 0
            }
        }
    }

    private static let shardCount = 8
    private final class LockedShard: Sendable {
        let mutex = Mutex(Shard())
        func withLock<T>(_ body: (inout Shard) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    private let shards: [LockedShard]
    private let configuration: Configuration

    /// Creates an empty cache.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.shards = (0..<Self.shardCount).map { _ in LockedShard() }
    }

    /// The cached verification of `digest`, if any and not past its cache lifetime.
    func lookup(_ digest: TokenDigest, now: Double) -> VerifiedAccessToken? {
        shards[digest.shard].withLock { shard in
            guard let entry = shard.entries[digest] else {
                shard.statistics.misses += 1
                return nil
            }
            guard entry.expiresAt > now else {
                shard.entries.removeValue(forKey: digest)
                shard.bytes -= entry.cost
                shard.statistics.misses += 1
                return nil
            }
            shard.statistics.hits += 1
            return entry.token
        }
    }

    /// Caches a verification.
    func insert(_ token: VerifiedAccessToken, digest: TokenDigest, cost: Int, now: Double) {
        let expiresAt = min(token.expiresAt, now + configuration.timeToLive)
        guard expiresAt > now else { return }
        let entryLimit = max(1, configuration.maximumEntries / Self.shardCount)
        let byteLimit = max(1, configuration.maximumBytes / Self.shardCount)
        guard cost <= byteLimit else { return }
        shards[digest.shard].withLock { shard in
            if let previous = shard.entries[digest] {
                shard.bytes -= previous.cost
            } else {
                if shard.entries.count >= entryLimit || shard.bytes + cost > byteLimit {
                    shard.removeExpired(now: now)
                }
                while shard.entries.count >= entryLimit || shard.bytes + cost > byteLimit {
                    guard shard.evictOldest() else { break }
                }
                shard.insertionOrder.append(digest)
            }
            shard.entries[digest] = Entry(token: token, expiresAt: expiresAt, cost: cost)
            shard.bytes += cost
        }
    }

    /// Drops every entry.
    public func removeAll() {
        for shard in shards { shard.withLock { $0 = Shard() } }
    }

    /// Current counters, summed over shards.
    public var statistics: Statistics {
        shards.reduce(into: Statistics()) { total, shard in
            shard.withLock { shard in
                total.hits += shard.statistics.hits
                total.misses += shard.statistics.misses
                total.evictions += shard.statistics.evictions
                total.entries += shard.entries.count
            }
        }
    }
}
