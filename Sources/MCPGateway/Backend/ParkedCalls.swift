import GatehouseJSON
import MCPCore
import Synchronization

/// Calls to a 2025 upstream that asked a question mid-call (elicitation, sampling, roots) of a 2026-07-28 caller,
/// who can only be asked by an `InputRequiredResult` (basic/patterns/mrtr.mdx): the upstream request stays open,
/// parked under a random handle sealed into the caller's `requestState`, until the caller's retry brings the
/// answer, the handle expires, or the call is cancelled. Bounded in number; an expired question is answered with an
/// error, so the upstream's call ends too.
final class ParkedCalls: Sendable {
    /// What a running upstream call did next.
    enum Event: Sendable {
        /// The upstream asked `method` with `params`; its answer goes to `answer`.
        case question(method: String, params: [String: JSONValue], answer: Answer)
        /// The upstream answered the call.
        case finished(Result<[String: JSONValue], MCPError>)
    }

    /// Where the caller's answer to one question goes; only the first answer counts.
    final class Answer: Sendable {
        private let continuation: Mutex<CheckedContinuation<Result<JSONValue, MCPError>, Never>?>

        init(_ continuation: CheckedContinuation<Result<JSONValue, MCPError>, Never>) {
            self.continuation = Mutex(continuation)
        }

        func give(_ outcome: Result<JSONValue, MCPError>) {
            continuation.withLock { $0.take() }?.resume(returning: outcome)
        }
    }

    /// One running upstream call: its events, read by one caller request after another.
    final class Call: Sendable {
        private struct State {
            var events: [Event] = []
            var waiter: CheckedContinuation<Event, Never>?
            var task: Task<Void, Never>?
            var asked: Answer?
        }

        private let state = Mutex(State())

        /// Runs `work` (the upstream request) in a task of its own: it outlives the caller request that started it.
        func start(_ work: @escaping @Sendable (Call) async -> Result<[String: JSONValue], MCPError>) {
            let task = Task { self.post(.finished(await work(self))) }
            state.withLock { $0.task = task }
        }

        /// The upstream asked something: the answer is awaited here.
        func ask(_ method: String, _ params: [String: JSONValue]) async -> Result<JSONValue, MCPError> {
            await withCheckedContinuation { continuation in
                let answer = Answer(continuation)
                state.withLock { $0.asked = answer }
                if Task.isCancelled { answer.give(.failure(.requestCancelled)) }
                post(.question(method: method, params: params, answer: answer))
            }
        }

        func post(_ event: Event) {
            let waiter = state.withLock { state -> CheckedContinuation<Event, Never>? in
                guard let waiter = state.waiter else {
                    state.events.append(event)
                    return nil
                }
                state.waiter = nil
                return waiter
            }
            waiter?.resume(returning: event)
        }

        /// The next event.
        func next() async -> Event {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Event? in
                    guard state.events.isEmpty else { return state.events.removeFirst() }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }

        /// Stops the upstream request (its open question is answered as cancelled).
        func cancel() {
            let (task, asked) = state.withLock { ($0.task, $0.asked) }
            asked?.give(.failure(.requestCancelled))
            task?.cancel()
        }
    }

    private struct Entry {
        let call: Call
        let answer: Answer
    }

    private let maximum: Int
    private let state = Mutex<[String: Entry]>([:])

    /// - Parameter maximum: the most calls parked at once (more are refused).
    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// How many calls are parked.
    var count: Int { state.withLock { $0.count } }

    /// Parks `call` until its question is answered; `nil` when too many are parked. After `lifetime` the question
    /// is answered with an error, which the upstream gets like any answer, so its call ends as it handles it (not
    /// cancelled: the answer itself must still reach the upstream).
    func park(_ call: Call, answer: Answer, lifetime: Duration) -> String? {
        let handle = SecureHandle.make()
        let parked = state.withLock { calls -> Bool in
            guard calls.count < maximum else { return false }
            calls[handle] = Entry(call: call, answer: answer)
            return true
        }
        guard parked else { return nil }
        Task { [weak self] in
            try? await Task.sleep(for: lifetime)
            guard let entry = self?.take(handle) else { return }
            entry.answer.give(.failure(MCPError(code: -32603, message: "The caller did not answer in time")))
        }
        return handle
    }

    /// The call parked under `handle`, no longer parked.
    func take(_ handle: String) -> (call: Call, answer: Answer)? {
        state.withLock { $0.removeValue(forKey: handle) }.map { ($0.call, $0.answer) }
    }
}

/// 128 random bits, hex: a handle nobody guesses (it travels sealed anyway).
enum SecureHandle {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
    }
}
