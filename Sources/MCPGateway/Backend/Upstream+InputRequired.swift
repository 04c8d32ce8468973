import GatehouseJSON
import Logging
import MCPCore

/// 2026-07-28 multi round-trip requests through the gateway (basic/patterns/mrtr.mdx): an upstream's
/// `InputRequiredResult` goes to a 2026-07-28 caller with its `requestState` sealed (``RequestStateSeal``), and the
/// caller's retry reaches the upstream with the upstream's own state, once the seal proves it was minted for this
/// principal and this request.
extension Upstream {
    /// The most rounds the gateway drives for a legacy caller before it gives up (the SDKs' default).
    static let maximumRounds = 10
    /// The most input requests relayed from one answer.
    static let maximumInputRequests = 32
    /// The client capabilities a caller's declaration is passed on for: what a caller can be asked.
    static let relayedCapabilities: Set<String> = Set(InputRequired.requestCapabilities.values)

    /// What the caller in `context` declared it can be asked (elicitation, sampling, roots; nothing else of its
    /// capabilities), or nothing when it cannot be asked at all: a legacy caller without a stream to ask it on.
    static func askable(by context: CallContext) -> [String: JSONValue] {
        guard context.protocolVersion.isModern || context.askClient != nil else { return [:] }
        return context.clientCapabilities.filter { relayedCapabilities.contains($0.key) }
    }

    /// `params` for the upstream: the caller's relayable capabilities declared (2026-07-28 callers; the upstream
    /// asks only for what is declared, "Server Requirements", item 6), and a retry's answers with the upstream's own
    /// state in place of the sealed one; or, for a retry that answers a parked call, that call's handle.
    ///
    /// - Throws: -32602 at `/params/requestState` when the sealed state is not this gateway's, not this principal's,
    ///   not this request's or expired (the reason is logged, not sent).
    func roundParams(_ params: [String: JSONValue], context: CallContext, binding: RequestStateSeal.Binding)
        throws(MCPError) -> (params: [String: JSONValue], parked: String?)
    {
        var params = params
        var meta = params["_meta"]?.objectValue ?? [:]
        meta[MetaKeys.clientCapabilities] = .object(Self.askable(by: context))
        params["_meta"] = .object(meta)
        guard let round = context.inputRound else { return (params, nil) }
        var opened = RequestStateSeal.Opened()
        if let sealed = round.requestState {
            do {
                opened = try requestStateSeal.open(sealed, binding: binding)
            } catch {
                throw refusedState(error, binding: binding)
            }
        }
        if let parked = opened.parked { return (params, parked) }
        if let responses = round.responses { params["inputResponses"] = .object(responses) }
        params["requestState"] = opened.state.map(JSONValue.string)
        return (params, nil)
    }

    /// The caller's error for a sealed state that does not open (the reason is logged, not sent).
    func refusedState(_ reason: any Error, binding: RequestStateSeal.Binding) -> MCPError {
        logger.notice("a requestState was refused", metadata: ["reason": "\(reason)", "method": "\(binding.method)"])
        return MCPError.invalidParams(
            "Invalid or expired requestState; send the request again without it", pointer: "/params/requestState")
    }

    /// A call to a 2025 HTTP upstream for a 2026-07-28 caller: its questions mid-call (``ParkedCalls``) reach the
    /// caller as an `InputRequiredResult` whose sealed state names the parked call; the retry (`resuming` that call)
    /// brings the answer (`inputResponses.question`) and waits for what the upstream does next.
    func parkedCall(
        _ method: String, params: [String: JSONValue], binding: RequestStateSeal.Binding, context: CallContext,
        resuming handle: String?
    ) async throws(MCPError) -> [String: JSONValue] {
        let call: ParkedCalls.Call
        if let handle {
            guard let parked = parkedCalls.take(handle) else {
                throw refusedState(RequestStateSeal.Refusal.expired, binding: binding)
            }
            guard let answer = context.inputRound?.responses?[Self.questionKey] else {
                parked.answer.give(.failure(MCPError(code: -32602, message: "The caller sent no answer")))
                throw MCPError.invalidParams(
                    "the answer to the question is required", pointer: "/params/inputResponses/\(Self.questionKey)")
            }
            parked.answer.give(.success(answer))
            call = parked.call
        } else {
            call = ParkedCalls.Call()
            var params = params
            params["inputResponses"] = nil
            params["requestState"] = nil
            let name = self.name
            call.start { [params] call in
                let ask: MCPClient.ServerRequestHandler = { request in
                    if let refusal = InputRequired.refusal(
                        of: request.method, params: request.params, declared: context.clientCapabilities)
                    {
                        return .failure(
                            MCPError(
                                code: -32601,
                                message:
                                    "Method not found: the gateway cannot relay \(request.method.prefix(64)) from "
                                    + "upstream \"\(name)\" to this caller (\(refusal))"))
                    }
                    return await call.ask(request.method, request.params)
                }
                do throws(MCPError) {
                    return .success(try await self.send(method, params: params, context, onRequest: ask))
                } catch {
                    return .failure(error)
                }
            }
        }
        let event = await withTaskCancellationHandler {
            await call.next()
        } onCancel: {
            call.cancel()
        }
        switch event {
        case .finished(let outcome):
            return try outcome.get()
        case .question(let method, let params, let answer):
            guard let handle = parkedCalls.park(call, answer: answer, lifetime: requestStateSeal.lifetime) else {
                answer.give(.failure(MCPError(code: -32603, message: "Too many questions are waiting")))
                call.cancel()
                throw MCPError(
                    code: -32603, message: "Upstream \"\(name)\" asked a question, and too many are waiting",
                    data: ["upstream": .string(name), "cause": "too_many_questions"])
            }
            throw MCPError.inputRequired(
                InputRequired(
                    inputRequests: [Self.questionKey: ["method": .string(method), "params": .object(params)]],
                    requestState: requestStateSeal.seal(nil, parked: handle, binding: binding)))
        }
    }

    /// The key of a parked call's question in `inputRequests` and `inputResponses`.
    static let questionKey = "question"

    /// The upstream's `InputRequiredResult`, checked: at least one of its members, at most
    /// ``maximumInputRequests`` requests, each of a kind the caller declared (an upstream may not ask for more,
    /// item 6), a state of at most ``RequestStateSeal/maximumUpstreamStateBytes``.
    func inputRequired(by result: [String: JSONValue], for context: CallContext) throws(MCPError) -> InputRequired {
        var requests: [String: JSONValue]?
        switch result["inputRequests"] {
        case nil, .null?: requests = nil
        case .object(let members)? where members.count <= Self.maximumInputRequests:
            for (key, request) in members {
                guard key.utf8.count <= 256, let method = request["method"]?.stringValue,
                    request["params"]?.objectValue != nil
                else { throw failure(.invalidResponse("an input request without a method and params")) }
                if let refusal = InputRequired.refusal(
                    of: method, params: request["params"]?.objectValue ?? [:], declared: context.clientCapabilities)
                {
                    throw failure(.invalidResponse("an input request the caller cannot be sent: \(refusal)"))
                }
            }
            requests = members
        default:
            throw failure(.invalidResponse("inputRequests that are not an object of at most 32 requests"))
        }
        var state: String?
        switch result["requestState"] {
        case nil, .null?: state = nil
        case .string(let text)? where text.utf8.count <= RequestStateSeal.maximumUpstreamStateBytes: state = text
        default: throw failure(.invalidResponse("a requestState that is not a string of at most 16 KiB"))
        }
        guard requests != nil || state != nil else {
            throw failure(.invalidResponse("an input_required result with neither inputRequests nor requestState"))
        }
        return InputRequired(inputRequests: requests, requestState: state)
    }

    /// A legacy caller's answers to `requests` (`nil` when there are none), asked one after the other on its stream.
    ///
    /// - Throws: the caller's own JSON-RPC error for one of them (the call ends with it, as an SDK's retry loop
    ///   ends); ``inputUnrelayable(_:)`` when the caller has no stream to be asked on.
    func ask(_ requests: [String: JSONValue]?, of context: CallContext, for method: String) async throws(MCPError)
        -> [String: JSONValue]?
    {
        guard let requests else { return nil }
        guard let ask = context.askClient else { throw inputUnrelayable(method) }
        var responses: [String: JSONValue] = [:]
        for (key, request) in requests.sorted(by: { $0.key < $1.key }) {
            // Checked by inputRequired(by:for:): a method of the three, with params.
            let params = request["params"]?.objectValue ?? [:]
            responses[key] = try await ask(request["method"]?.stringValue ?? "", params)
        }
        return responses
    }

    /// What answers a legacy upstream's own request made while it answers `method` for the caller in `context`:
    /// elicitation, sampling and roots go to a caller that declared them and can be asked (a legacy session's
    /// stream); anything else, or for a caller that cannot be asked, is -32601 naming why.
    func relayedRequest(for context: CallContext, method: String) -> MCPClient.ServerRequestHandler? {
        guard InputRequired.methods.contains(method) else { return nil }
        let name = self.name
        return { request in
            let refusal =
                InputRequired.refusal(of: request.method, params: request.params, declared: context.clientCapabilities)
                ?? (context.askClient == nil ? "there is no stream to ask this caller on" : nil)
            guard refusal == nil, let ask = context.askClient else {
                return .failure(
                    MCPError(
                        code: -32601,
                        message:
                            "Method not found: the gateway cannot relay \(request.method.prefix(64)) from upstream "
                            + "\"\(name)\" to this caller (\(refusal ?? ""))"))
            }
            do throws(MCPError) {
                return .success(try await ask(request.method, request.params))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The error of a legacy caller whose call needs input it cannot be asked for through the gateway.
    func inputUnrelayable(_ method: String) -> MCPError {
        MCPError(
            code: -32603,
            message:
                "Upstream \"\(name)\" needs input (elicitation, sampling or roots) for this \(method), and this "
                + "caller cannot be asked for it here: declare the capability and accept text/event-stream, or connect "
                + "with protocol 2026-07-28",
            data: ["upstream": .string(name), "cause": "input_required"])
    }
}
