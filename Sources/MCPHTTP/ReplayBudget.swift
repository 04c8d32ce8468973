import Synchronization

/// The bytes of replay events that all sessions of one endpoint may keep together (``HTTPSession``'s buffers draw on
/// it). A session that finds it spent drops its own oldest events first; with none left it keeps no more.
final class ReplayBudget: Sendable {
    /// The most bytes kept at once.
    let total: Int
    private let used = Atomic<Int>(0)

    init(total: Int) {
        self.total = max(0, total)
    }

    /// Takes `bytes` from the budget, or returns `false` when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + bytes <= total else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Gives `bytes` back.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        used.subtract(bytes, ordering: .relaxed)
    }

    /// The bytes in use.
    var inUse: Int { used.load(ordering: .relaxed) }
}
