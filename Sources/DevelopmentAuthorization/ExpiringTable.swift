/// A table whose entries expire, holding at most `capacity` of them: when full, expired entries go first, then the
/// oldest. Bounds what an unauthenticated caller can make the development issuer remember (registrations, consent
/// tickets, codes, refresh tokens).
struct ExpiringTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var value: Value
        var expires: Double
        var order: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var nextOrder: UInt64 = 0
    /// The most entries kept.
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The live value under `key`.
    func value(_ key: String, now: Double) -> Value? {
        guard let entry = entries[key], entry.expires > now else { return nil }
        return entry.value
    }

    /// Stores `value` under `key` until `expires`.
    mutating func insert(_ value: Value, key: String, expires: Double, now: Double) {
        if entries[key] == nil, entries.count >= capacity {
            entries = entries.filter { $0.value.expires > now }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.order < $1.value.order }) {
                entries[oldest.key] = nil
            }
        }
        entries[key] = Entry(value: value, expires: expires, order: nextOrder)
        nextOrder += 1
    }

    /// Replaces the value under `key`, keeping its expiry; false when there is no live entry.
    @discardableResult
    mutating func update(_ key: String, now: Double, _ change: (inout Value) -> Void) -> Bool {
        guard var entry = entries[key], entry.expires > now else { return false }
        change(&entry.value)
        entries[key] = entry
        return true
    }

    /// Removes and returns the live value under `key`.
    mutating func remove(_ key: String, now: Double) -> Value? {
        guard let entry = entries.removeValue(forKey: key), entry.expires > now else { return nil }
        return entry.value
    }

    /// Removes every entry `matching`.
    mutating func removeAll(where matching: (Value) -> Bool) {
        entries = entries.filter { !matching($0.value.value) }
    }

    /// Whether a live entry satisfies `matching`.
    func contains(now: Double, where matching: (Value) -> Bool) -> Bool {
        entries.values.contains { $0.expires > now && matching($0.value) }
    }

    /// How many entries are held (expired ones included until they are swept).
    var count: Int { entries.count }
}
