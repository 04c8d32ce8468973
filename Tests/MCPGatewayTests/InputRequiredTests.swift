import Foundation
import GatehouseJSON
import Logging
import MCPCore
import Synchronization
import Testing

@testable import MCPGateway

/// 2026-07-28 multi round-trip requests through the gateway (basic/patterns/mrtr.mdx): the upstream's questions go
/// to the caller, its `requestState` sealed to the principal and the request; the retry reaches the upstream with
/// the upstream's own state, or is refused before it reaches the upstream.
@Suite("Input required (multi round-trip requests) through the gateway")
struct InputRequiredTests {
    typealias U = UpstreamFixture

    static let question: JSONValue = [
        "method": "elicitation/create",
        "params": ["mode": "form", "message": "Your login?", "requestedSchema": ["type": "object"]],
    ]

    /// What the asking upstream saw on each call: the state and answers it got, and the capabilities declared.
    final class Seen: Sendable {
        let rounds = Mutex<[InputRound?]>([])
        let capabilities = Mutex<[String: JSONValue]>([:])
    }

    /// The fixture upstream plus `login` (asks once, then greets with the answer) and `poll` (asks only to be asked
    /// again, twice: state without input requests).
    static func backend(_ seen: Seen) -> ToolBackend {
        let backend = U.backend()
        backend.add(
            Tool(name: "login", description: "Asks for a login", inputSchema: .object(["greeting": .string()])) {
                arguments, context in
                seen.rounds.withLock { $0.append(context.inputRound) }
                seen.capabilities.withLock { $0 = context.clientCapabilities }
                guard let round = context.inputRound, round.requestState == "upstream-state-1",
                    let login = round.responses?["login"]?["content"]?["name"]?.stringValue
                else {
                    throw MCPError.inputRequired(
                        InputRequired(inputRequests: ["login": question], requestState: "upstream-state-1"))
                }
                return .text("\(arguments["greeting"]?.stringValue ?? "hello") \(login)")
            })
        backend.add(
            Tool(
                name: "malformed", description: "Answers input_required badly",
                inputSchema: .object(["kind": .string()])
            ) {
                arguments, _ in
                switch arguments["kind"]?.stringValue {
                case "many":
                    let requests = Dictionary(uniqueKeysWithValues: (0..<33).map { ("q\($0)", question) })
                    throw MCPError.inputRequired(InputRequired(inputRequests: requests))
                case "huge":
                    throw MCPError.inputRequired(InputRequired(requestState: String(repeating: "s", count: 17 << 10)))
                case "url":
                    throw MCPError.inputRequired(
                        InputRequired(inputRequests: [
                            "u": [
                                "method": "elicitation/create", "params": ["mode": "url", "url": "https://x.example"],
                            ]
                        ]))
                default: throw MCPError.inputRequired(InputRequired())
                }
            })
        backend.add(
            Tool(name: "poll", description: "Ready on the third round") { _, context in
                let round = Int(context.inputRound?.requestState ?? "0") ?? 0
                guard round >= 2 else { throw MCPError.inputRequired(InputRequired(requestState: "\(round + 1)")) }
                return .text("ready after \(round) rounds")
            })
        return backend
    }

    /// A 2026-07-28 `tools/call` through a dispatcher over `gateway`, declaring `capabilities`.
    static func call(
        _ gateway: GatewayBackend, _ tool: String, arguments: JSONValue = [:], subject: String = "alice",
        version: ProtocolVersion = .v2026_07_28, capabilities: JSONValue = ["elicitation": ["form": [:]]],
        round: [String: JSONValue] = [:]
    ) async -> JSONRPCResponse {
        var params: [String: JSONValue] = ["name": .string(tool), "arguments": arguments]
        if version.isModern {
            params["_meta"] = [
                MetaKeys.protocolVersion: .string(version.rawValue), MetaKeys.clientCapabilities: capabilities,
            ]
        }
        params.merge(round) { $1 }
        let request = JSONRPCRequest(id: .number(7), method: "tools/call", params: params)
        var context = U.context(subject: subject, version: version)
        context.minimumLogLevel = nil
        let session =
            version.isModern
            ? nil
            : LegacySession(protocolVersion: version, clientInfo: nil, clientCapabilities: capabilities, owner: nil)
        return await MCPDispatcher(backend: gateway).handle(request, context: context, session: session)
    }

    /// A gateway over the asking upstream, and the answer to alice's first `up_login` (greeting "hi").
    static func withQuestion(
        _ body: @escaping @Sendable (GatewayBackend, Seen, [String: JSONValue]) async throws -> Void
    ) async throws {
        let seen = Seen()
        try await U.withUpstream(backend: backend(seen)) { base in
            let gateway = await U.gateway(url: base + "/mcp", prefix: "up_")
            try await body(gateway, seen, result(await call(gateway, "up_login", arguments: ["greeting": "hi"])))
        }
    }

    static func result(_ response: JSONRPCResponse) -> [String: JSONValue] {
        guard case .success(let value) = response.outcome else { return [:] }
        return value.objectValue ?? [:]
    }

    static func error(_ response: JSONRPCResponse) -> MCPError? {
        guard case .failure(let error) = response.outcome else { return nil }
        return error
    }

    @Test("The upstream's question reaches a 2026-07-28 caller; its state is sealed, and the retry gets the answer")
    func questionAndRetry() async throws {
        try await Self.withQuestion { gateway, seen, first in
            #expect(first["resultType"] == "input_required")
            #expect(first["inputRequests"] == ["login": Self.question])
            let sealed = try #require(first["requestState"]?.stringValue)
            #expect(sealed.hasPrefix("gh1.") && !sealed.contains("upstream-state"))

            let answer: [String: JSONValue] = [
                "inputResponses": ["login": ["action": "accept", "content": ["name": "octocat"]]],
                "requestState": .string(sealed),
            ]
            let second = Self.result(
                await Self.call(gateway, "up_login", arguments: ["greeting": "hi"], round: answer))
            #expect(second["resultType"] == "complete")
            #expect(second["content"]?.arrayValue?.first?["text"] == "hi octocat")
            // The upstream saw its own state, never the sealed one.
            #expect(seen.rounds.withLock { $0.last??.requestState } == "upstream-state-1")
        }
    }

    @Test("A sealed state is refused before the upstream for another principal, tool, arguments, or when forged")
    func replayIsRefused() async throws {
        try await Self.withQuestion { gateway, seen, first in
            let sealed = try #require(first["requestState"]?.stringValue)
            let calls = seen.rounds.withLock { $0.count }
            var forged = Array(sealed.utf8)
            forged[forged.count - 5] =
                forged[forged.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let attempts: [(String, String, JSONValue, String)] = [
                ("bob", "up_login", ["greeting": "hi"], sealed),  // another principal
                ("alice", "up_login", ["greeting": "bye"], sealed),  // other arguments
                ("alice", "up_poll", ["greeting": "hi"], sealed),  // another tool, the same arguments
                ("alice", "up_login", ["greeting": "hi"], String(decoding: forged, as: UTF8.self)),  // tampered
                ("alice", "up_login", ["greeting": "hi"], "upstream-state-1"),  // the upstream's own state, unsealed
            ]
            for (subject, tool, arguments, state) in attempts {
                let response = await Self.call(
                    gateway, tool, arguments: arguments, subject: subject, round: ["requestState": .string(state)])
                let error = Self.error(response)
                #expect(error?.code == -32602, "\(subject) \(tool) \(arguments)")
                #expect(error?.data?["pointer"] == "/params/requestState")
                #expect(error?.message.contains("upstream-state") == false)
            }
            #expect(seen.rounds.withLock { $0.count } == calls, "a refused state reached the upstream")
        }
    }

    @Test(
        "A sealed state expires; one sealed with a shared secret opens in another gateway process, a random key's does not"
    )
    func sealLifetimeAndKeys() throws {
        let binding = RequestStateSeal.Binding(
            upstream: "up", method: "tools/call", target: "up_login",
            caller: Caller(issuer: "https://issuer.test", subject: "alice", clientID: nil, scopes: []),
            arguments: ["greeting": "hi"])
        let now = Date()
        let shared = RequestStateSeal(secret: String(repeating: "s", count: 32), lifetime: .seconds(60))
        let sealed = shared.seal("inner", binding: binding, now: now)
        #expect(try shared.open(sealed, binding: binding, now: now.addingTimeInterval(59)).state == "inner")
        #expect(throws: RequestStateSeal.Refusal.expired) {
            try shared.open(sealed, binding: binding, now: now.addingTimeInterval(61))
        }
        let sibling = RequestStateSeal(secret: String(repeating: "s", count: 32), lifetime: .seconds(60))
        #expect(try sibling.open(sealed, binding: binding, now: now).state == "inner")
        var elsewhere = binding
        elsewhere.endpoint = "openai"
        #expect(throws: RequestStateSeal.Refusal.otherRequest) { try shared.open(sealed, binding: elsewhere, now: now) }
        var otherIssuer = binding
        otherIssuer.issuer = "https://other.test"
        #expect(throws: RequestStateSeal.Refusal.otherPrincipal) {
            try shared.open(sealed, binding: otherIssuer, now: now)
        }
        let other = RequestStateSeal(secret: nil, lifetime: .seconds(60))
        #expect(throws: RequestStateSeal.Refusal.forged) { try other.open(sealed, binding: binding, now: now) }
        for garbage in ["", "gh1.", "gh1.!!!", "gh2." + sealed.dropFirst(4), "gh1.AAAA="] {
            #expect(throws: RequestStateSeal.Refusal.self) { try shared.open(garbage, binding: binding, now: now) }
        }
        #expect(throws: RequestStateSeal.Refusal.malformed) {
            try shared.open("gh1." + String(repeating: "A", count: 260 << 10), binding: binding, now: now)
        }
    }

    @Test("Only the caller's elicitation, sampling and roots capabilities reach the upstream; it may ask for no more")
    func capabilitiesBoundTheQuestions() async throws {
        let seen = Seen()
        try await U.withUpstream(backend: Self.backend(seen)) { base in
            let gateway = await U.gateway(url: base + "/mcp", prefix: "up_")
            _ = await Self.call(
                gateway, "up_login",
                capabilities: ["elicitation": [:], "sampling": [:], "experimental": ["x": [:]], "tasks": [:]])
            #expect(seen.capabilities.withLock { $0 } == ["elicitation": [:], "sampling": [:]])
            // A caller that declared no elicitation is not asked for one: the upstream's question is refused, named.
            let error = Self.error(await Self.call(gateway, "up_login", capabilities: ["sampling": [:]]))
            #expect(error?.code == -32603)
            #expect(error?.data?["upstream"] == "up" && error?.data?["cause"] == "invalid_response")
            #expect(error?.message.contains("elicitation/create") == true)
        }
    }

    @Test("What a capability narrows holds: URL elicitation, sampling with tools, includeContext")
    func subCapabilities() {
        let form: JSONValue = ["mode": "form", "message": "m"]
        let url: JSONValue = ["mode": "url", "url": "https://phish.example", "message": "m"]
        func refusal(_ method: String, _ params: JSONValue, _ declared: JSONValue) -> String? {
            InputRequired.refusal(
                of: method, params: params.objectValue ?? [:], declared: declared.objectValue ?? [:])
        }
        #expect(refusal("elicitation/create", form, ["elicitation": [:]]) == nil)
        #expect(refusal("elicitation/create", url, ["elicitation": [:]])?.contains("mode url") == true)
        #expect(refusal("elicitation/create", url, ["elicitation": ["url": [:]]]) == nil)
        #expect(refusal("elicitation/create", form, ["elicitation": ["url": [:]]]) != nil)
        #expect(refusal("elicitation/create", ["mode": "other"], ["elicitation": ["form": [:], "url": [:]]]) != nil)
        #expect(refusal("sampling/createMessage", ["tools": []], ["sampling": [:]])?.contains("tools") == true)
        #expect(refusal("sampling/createMessage", ["tools": []], ["sampling": ["tools": [:]]]) == nil)
        #expect(refusal("sampling/createMessage", ["includeContext": "allServers"], ["sampling": [:]]) != nil)
        #expect(refusal("sampling/createMessage", ["includeContext": "none"], ["sampling": [:]]) == nil)
        #expect(refusal("roots/list", [:], ["sampling": [:]]) != nil)
        #expect(refusal("tools/call", [:], ["sampling": [:], "elicitation": [:], "roots": [:]]) != nil)
    }

    @Test(
        "An upstream's malformed input_required is refused, named: too many requests, a huge state, neither member, an undeclared mode"
    )
    func malformedInputRequired() async throws {
        try await Self.withQuestion { gateway, _, _ in
            for (kind, fragment) in [
                ("many", "at most 32"), ("huge", "16 KiB"), ("none", "neither"), ("url", "mode url"),
            ] {
                let error = Self.error(await Self.call(gateway, "up_malformed", arguments: ["kind": .string(kind)]))
                #expect(error?.code == -32603 && error?.data?["cause"] == "invalid_response", "\(kind)")
                #expect(error?.message.contains(fragment) == true, "\(kind): \(error?.message ?? "")")
            }
        }
    }

    @Test("A legacy caller cannot be asked: a clear error names the upstream; state-only rounds are retried for it")
    func legacyCallers() async throws {
        let seen = Seen()
        try await U.withUpstream(backend: Self.backend(seen)) { base in
            let gateway = await U.gateway(url: base + "/mcp", prefix: "up_")
            let error = Self.error(await Self.call(gateway, "up_login", version: .v2025_11_25))
            #expect(error?.code == -32603 && error?.data?["cause"] == "input_required")
            #expect(error?.message.contains("2026-07-28") == true && error?.message.contains("\"up\"") == true)
            #expect(seen.capabilities.withLock { $0 } == [:], "a legacy caller's capabilities were declared upstream")
            let polled = Self.result(await Self.call(gateway, "up_poll", version: .v2025_11_25))
            #expect(polled["content"]?.arrayValue?.first?["text"] == "ready after 2 rounds")
            // A 2026-07-28 caller does its own rounds: it gets the sealed state.
            let modern = Self.result(await Self.call(gateway, "up_poll"))
            #expect(modern["resultType"] == "input_required" && modern["inputRequests"] == nil)
        }
    }

    @Test("The dispatcher sends input_required as a result only for the three methods in 2026-07-28")
    func dispatcherShapesInputRequired() async throws {
        let backend = ToolBackend()
        backend.add(
            Tool(name: "ask", description: "Asks") { _, _ in
                throw MCPError.inputRequired(InputRequired(requestState: "s"))
            })
        let dispatcher = MCPDispatcher(backend: backend)
        let meta: JSONValue = [MetaKeys.protocolVersion: "2026-07-28", MetaKeys.clientCapabilities: [:]]
        let modern = await dispatcher.handle(
            JSONRPCRequest(id: .number(1), method: "tools/call", params: ["name": "ask", "_meta": meta]),
            context: CallContext())
        #expect(Self.result(modern) == ["resultType": "input_required", "requestState": "s"])
        let legacy = await dispatcher.handle(
            JSONRPCRequest(id: .number(1), method: "tools/call", params: ["name": "ask"]),
            context: CallContext(protocolVersion: .v2025_11_25))
        #expect(Self.error(legacy)?.code == -32603 && Self.error(legacy)?.data?["cause"] == "input_required")
        for (name, value, pointer) in [
            ("inputResponses", JSONValue.string("x"), "/params/inputResponses"),
            ("requestState", JSONValue.integer(1), "/params/requestState"),
        ] {
            let bad = await dispatcher.handle(
                JSONRPCRequest(
                    id: .number(1), method: "tools/call", params: ["name": "ask", "_meta": meta, name: value]),
                context: CallContext())
            #expect(Self.error(bad)?.code == -32602 && Self.error(bad)?.data?["pointer"] == .string(pointer))
        }
    }
}

/// Legacy callers asked on their stream (``CallContext/askClient``): for a 2026-07-28 upstream the gateway drives
/// the rounds; a legacy upstream's own question mid-call is relayed to them.
@Suite("Questions relayed to legacy callers")
struct LegacyQuestionRelayTests {
    typealias U = UpstreamFixture
    typealias I = InputRequiredTests

    /// The questions a caller was asked.
    final class Asked: Sendable {
        let methods = Mutex<[String]>([])
    }

    /// A legacy caller that declared `capabilities` and answers each question with `answer`, recording them.
    static func caller(
        asked: Asked, capabilities: [String: JSONValue] = ["elicitation": [:]],
        answer: Result<JSONValue, MCPError> = .success(["action": "accept", "content": ["name": "octocat"]])
    ) -> CallContext {
        var context = U.context(version: .v2025_11_25)
        context.clientCapabilities = capabilities
        context.askClient = { method, _ throws(MCPError) in
            asked.methods.withLock { $0.append(method) }
            return try answer.get()
        }
        return context
    }

    @Test("A 2026-07-28 upstream's question: the legacy caller is asked, and the gateway retries with the answer")
    func modernUpstream() async throws {
        let seen = I.Seen()
        try await U.withUpstream(backend: I.backend(seen)) { base in
            let gateway = await U.gateway(url: base + "/mcp", prefix: "up_")
            let asked = Asked()
            let result = try await gateway.snapshot.callTool(
                named: "up_login", arguments: ["greeting": "hi"], context: Self.caller(asked: asked))
            #expect(result.content.first?.json(for: .v2025_11_25)["text"] == "hi octocat")
            #expect(asked.methods.withLock { $0 } == ["elicitation/create"])
            #expect(seen.capabilities.withLock { $0 } == ["elicitation": [:]])
            // The caller's refusal ends the call with the caller's own error.
            let declined = Self.caller(asked: asked, answer: .failure(MCPError(code: -1, message: "user declined")))
            await #expect(throws: MCPError(code: -1, message: "user declined")) {
                _ = try await gateway.snapshot.callTool(named: "up_login", arguments: [:], context: declined)
            }
        }
    }

    @Test("A legacy upstream's question mid-call reaches a legacy caller that declared it; anyone else refuses it")
    func legacyUpstream() async throws {
        try await U.withUpstream { base in
            let gateway = await U.gateway(url: base + "/legacy", prefix: "up_")
            #expect(gateway.upstreams[0].catalog?.server.version == .v2025_11_25)
            let asked = Asked()
            let result = try await gateway.snapshot.callTool(
                named: "up_ask_login", arguments: [:], context: Self.caller(asked: asked))
            #expect(result.content.first?.json(for: .v2025_11_25)["text"] == "hello octocat")
            #expect(asked.methods.withLock { $0 } == ["elicitation/create"])
            // Not declared by the caller, or a 2026-07-28 caller (no stream to ask on): the upstream is told -32601.
            for context in [Self.caller(asked: asked, capabilities: ["sampling": [:]]), U.context()] {
                await #expect {
                    _ = try await gateway.snapshot.callTool(named: "up_ask_login", arguments: [:], context: context)
                } throws: { error in
                    (error as? MCPError)?.message.contains("cannot relay elicitation/create") == true
                }
            }
            #expect(asked.methods.withLock { $0.count } == 1)
        }
    }

    @Test("A 2025 upstream's question reaches a 2026-07-28 caller as input_required; only its retry answers the call")
    func parkedForModernCallers() async throws {
        try await U.withUpstream { base in
            let gateway = await U.gateway(url: base + "/legacy", prefix: "up_")
            let parked = gateway.upstreams[0].parkedCalls
            let first = I.result(await I.call(gateway, "up_ask_login"))
            #expect(first["resultType"] == "input_required")
            #expect(first["inputRequests"]?["question"]?["method"] == "elicitation/create")
            let sealed = try #require(first["requestState"]?.stringValue)
            #expect(parked.count == 1)
            let round: [String: JSONValue] = [
                "requestState": .string(sealed),
                "inputResponses": ["question": ["action": "accept", "content": ["name": "octocat"]]],
            ]
            // Another principal cannot answer it, and the call stays parked for its own.
            #expect(I.error(await I.call(gateway, "up_ask_login", subject: "bob", round: round))?.code == -32602)
            #expect(parked.count == 1)
            let second = I.result(await I.call(gateway, "up_ask_login", round: round))
            #expect(second["content"]?.arrayValue?.first?["text"] == "hello octocat")
            #expect(parked.count == 0)
            // Answered once: the same state again finds no call.
            #expect(I.error(await I.call(gateway, "up_ask_login", round: round))?.code == -32602)
        }
    }

    /// How the upstream's own question ended, as its tool `ask_recorded` saw it.
    final class QuestionOutcome: Sendable {
        let value = Mutex<String?>(nil)

        /// Waits (bounded, 5 s) until the upstream's question has ended, and returns how.
        func awaited() async -> String? {
            for _ in 0..<100 where value.withLock({ $0 }) == nil { try? await Task.sleep(for: .milliseconds(50)) }
            return value.withLock { $0 }
        }
    }

    /// The fixture's backend plus `ask_recorded`, a tool that asks its caller and records how the question ended.
    /// It ignores `notifications/cancelled`, as a receiver may (basic/utilities/cancellation.mdx): only the answer
    /// the gateway sends ends its question, so a test sees whether that answer arrived.
    static func recordingBackend(_ outcome: QuestionOutcome) -> ToolBackend {
        let backend = U.backend()
        backend.add(
            Tool(name: "ask_recorded", description: "Asks, and records how the question ended") { _, context in
                let ask = context.askClient
                let ended = await Task {
                    do {
                        _ = try await ask?("elicitation/create", ["message": "?", "requestedSchema": [:]])
                        return "answered"
                    } catch let error as MCPError {
                        return "\(error.code) \(error.message)"
                    } catch {
                        return "\(error)"
                    }
                }.value
                outcome.value.withLock { $0 = ended }
                return .text("ended")
            })
        return backend
    }

    @Test(
        "A parked question not answered within the lifetime is answered with an error, and the call ends",
        .timeLimit(.minutes(1)))
    func parkedCallsExpire() async throws {
        // The upstream's own view: its question ends with the gateway's error, not with its own 300 s timeout.
        let outcome = QuestionOutcome()
        try await U.withUpstream(backend: Self.recordingBackend(outcome)) { base in
            let gateway = await U.gateway(url: base + "/legacy", prefix: "up_") {
                $0.requestStateLifetime = .milliseconds(300)
            }
            let parked = gateway.upstreams[0].parkedCalls
            let first = I.result(await I.call(gateway, "up_ask_recorded"))
            let sealed = try #require(first["requestState"]?.stringValue)
            #expect(parked.count == 1)
            #expect(await outcome.awaited() == "-32603 The caller did not answer in time")
            #expect(parked.count == 0)
            let late = await I.call(
                gateway, "up_ask_recorded",
                round: ["requestState": .string(sealed), "inputResponses": ["question": [:]]])
            #expect(I.error(late)?.code == -32602)
            await gateway.close()
        }
    }

    @Test(
        "A legacy caller's call cancelled while its upstream's question waits: the upstream is told -32800 at once",
        .timeLimit(.minutes(1)))
    func cancelledQuestionReachesUpstream() async throws {
        let outcome = QuestionOutcome()
        try await U.withUpstream(backend: Self.recordingBackend(outcome)) { base in
            let gateway = await U.gateway(url: base + "/legacy", prefix: "up_")
            let asked = Asked()
            var context = Self.caller(asked: asked)
            // The caller never answers: its question waits until the call is cancelled.
            context.askClient = { method, _ throws(MCPError) in
                asked.methods.withLock { $0.append(method) }
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                throw MCPError.requestCancelled
            }
            let call = Task { [context] in
                try await gateway.snapshot.callTool(named: "up_ask_recorded", arguments: [:], context: context)
            }
            for _ in 0..<100 where asked.methods.withLock({ $0.isEmpty }) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(asked.methods.withLock { $0 } == ["elicitation/create"])
            call.cancel()
            _ = await call.result
            #expect(await outcome.awaited() == "-32800 Request cancelled")
            await gateway.close()
        }
    }

    @Test(
        "A parked call's retry without the answer is -32602; beyond the bound a question is refused and answered upstream",
        .timeLimit(.minutes(1)))
    func parkedRetryAndBound() async throws {
        // The refusal cancels the upstream call; its answer must still be sent (from a task of its own), or the
        // upstream waits its own 300 s for it.
        let outcome = QuestionOutcome()
        try await U.withUpstream(backend: Self.recordingBackend(outcome)) { base in
            let gateway = await U.gateway(url: base + "/legacy", prefix: "up_") { $0.maximumSessions = 1 }
            let first = I.result(await I.call(gateway, "up_ask_login"))
            let sealed = try #require(first["requestState"]?.stringValue)
            // Another principal's question while one is parked: over the bound of one.
            let crowded = I.error(await I.call(gateway, "up_ask_recorded", subject: "bob"))
            #expect(crowded?.code == -32603 && crowded?.data?["cause"] == "too_many_questions")
            #expect(await outcome.awaited() == "-32603 Too many questions are waiting")
            let missing = I.error(
                await I.call(gateway, "up_ask_login", round: ["requestState": .string(sealed), "inputResponses": [:]]))
            #expect(missing?.code == -32602 && missing?.data?["pointer"] == "/params/inputResponses/question")
            #expect(gateway.upstreams[0].parkedCalls.count == 0)
            await gateway.close()
        }
    }
}
