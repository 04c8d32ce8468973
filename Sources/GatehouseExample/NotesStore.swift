import MCPCore

/// The example backend's storage: each caller's notes, kept apart by issuer and subject, bounded in count and
/// size so that no caller can grow the process without limit. In memory; gone on restart.
actor NotesStore {
    /// Notes kept per caller; the oldest goes when a new one would exceed it.
    static let maximumNotesPerCaller = 100
    /// Callers kept at once; the caller who wrote least recently goes when a new one would exceed it.
    static let maximumCallers = 10_000

    private var notes: [String: [String]] = [:]
    private var lastWrite: [String: UInt64] = [:]
    private var writes: UInt64 = 0

    /// The caller's notes, oldest first.
    func notes(of caller: Caller) -> [String] {
        notes[Self.key(caller)] ?? []
    }

    /// Adds a note; returns how many the caller now has.
    func add(_ text: String, for caller: Caller) -> Int {
        let key = Self.key(caller)
        if notes[key] == nil, notes.count >= Self.maximumCallers,
            let stalest = lastWrite.min(by: { $0.value < $1.value })?.key
        {
            notes[stalest] = nil
            lastWrite[stalest] = nil
        }
        writes += 1
        lastWrite[key] = writes
        var list = notes[key] ?? []
        list.append(text)
        if list.count > Self.maximumNotesPerCaller { list.removeFirst(list.count - Self.maximumNotesPerCaller) }
        notes[key] = list
        return list.count
    }

    private static func key(_ caller: Caller) -> String { "\(caller.issuer) \(caller.subject)" }
}
