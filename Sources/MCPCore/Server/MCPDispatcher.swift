import GatehouseJSON
import Logging

/// Routes MCP requests to the backend, for every supported revision.
///
/// Transport-independent: the HTTP and stdio transports decode bodies into ``JSONRPCRequest``s, run the
/// lifecycle checks (``initialize(_:caller:)`` for legacy sessions, ``modernVersion(of:)`` for 2026-07-28
/// requests), then call ``handle(_:context:includeSecuritySchemes:session:)``. The path of one request:
/// method lookup for the revision → params decoding (errors are -32602 with a JSON Pointer) → the backend
/// snapshot's operation (``MCPBackendSnapshot``) → result shaped for the revision.
public struct MCPDispatcher: Sendable {
    /// The backend every endpoint of this dispatcher shares.
    public let backend: any MCPBackend
    /// How the server presents itself.
    public let configuration: MCPServerConfiguration

    /// Creates a dispatcher.
    public init(backend: any MCPBackend, configuration: MCPServerConfiguration = MCPServerConfiguration()) {
        self.backend = backend
        self.configuration = configuration
    }

    // MARK: Lifecycle

    /// Answers `initialize` (legacy revisions): negotiates the revision and creates the session.
    ///
    /// Negotiation (2025-11-25 basic/lifecycle): the requested revision if supported, else the newest supported
    /// legacy revision; the client decides whether it can continue.
    public func initialize(_ request: JSONRPCRequest, caller: Caller?) -> (
        session: LegacySession?, response: JSONRPCResponse
    ) {
        guard let requested = request.params["protocolVersion"]?.stringValue else {
            return (
                nil,
                JSONRPCResponse(
                    id: request.id,
                    outcome: .failure(
                        .invalidParams("\"protocolVersion\" is required", pointer: "/params/protocolVersion")))
            )
        }
        let legacy = configuration.supportedVersions.filter { !$0.isModern }
        guard let latest = legacy.max() else {
            let error = MCPError(
                code: -32601,
                message:
                    "This server only speaks sessionless MCP (\(configuration.supportedVersions.map(\.rawValue).joined(separator: ", ")))",
                data: ["supported": .array(configuration.supportedVersions.map { .string($0.rawValue) })]
            )
            return (nil, JSONRPCResponse(id: request.id, outcome: .failure(error)))
        }
        let version = legacy.first { $0.rawValue == requested } ?? latest
        let session = LegacySession(
            protocolVersion: version,
            clientInfo: request.params["clientInfo"],
            clientCapabilities: request.params["capabilities"],
            owner: caller
        )
        var result: [String: JSONValue] = [
            "protocolVersion": .string(version.rawValue),
            "capabilities": capabilities(for: version),
            "serverInfo": serverInfo,
        ]
        if let instructions = configuration.instructions { result["instructions"] = .string(instructions) }
        return (session, JSONRPCResponse(id: request.id, outcome: .success(.object(result))))
    }

    /// The revision a 2026-07-28-style request declares in `_meta`, checked against the supported set.
    ///
    /// - Throws: -32602 when `_meta` lacks the version or client capabilities; -32022 when the version is not
    ///   supported (with the supported list, per 2026-07-28 basic/versioning).
    public func modernVersion(of request: JSONRPCRequest) throws(MCPError) -> ProtocolVersion {
        let meta = request.meta
        guard let declared = meta?[MetaKeys.protocolVersion]?.stringValue else {
            throw MCPError.invalidParams(
                "\"_meta\" must carry \"\(MetaKeys.protocolVersion)\"",
                pointer: "/params/_meta/io.modelcontextprotocol~1protocolVersion"
            )
        }
        let version = ProtocolVersion(declared)
        guard configuration.supportedVersions.contains(version), version.isModern else {
            throw MCPError.unsupportedProtocolVersion(declared, supported: configuration.supportedVersions)
        }
        guard meta?[MetaKeys.clientCapabilities]?.objectValue != nil else {
            throw MCPError.invalidParams(
                "\"_meta\" must carry \"\(MetaKeys.clientCapabilities)\"",
                pointer: "/params/_meta/io.modelcontextprotocol~1clientCapabilities"
            )
        }
        return version
    }

    // MARK: Requests

    /// Handles one request whose lifecycle checks have passed.
    /// - Parameters:
    ///   - request: the request.
    ///   - context: who is calling, on which endpoint, in which revision.
    ///   - includeSecuritySchemes: add OpenAI Apps SDK `securitySchemes` to tool descriptors.
    ///   - session: the legacy session, for `logging/setLevel`.
    ///   - snapshot: the backend's registrations to serve the request from: pass the very snapshot whose
    ///     requirements authorized it, so a tool, resource or prompt re-registered in between can never run under
    ///     the earlier decision (time of check = time of use). The backend's current snapshot when `nil`.
    ///   - operation: the operation as the decision step read it (read from `request` when `nil`).
    public func handle(
        _ request: JSONRPCRequest,
        context: CallContext,
        includeSecuritySchemes: Bool = false,
        session: LegacySession? = nil,
        snapshot: (any MCPBackendSnapshot)? = nil,
        operation: MCPOperation? = nil
    ) async -> JSONRPCResponse {
        let snapshot = snapshot ?? backend.snapshot
        let operation = operation ?? MCPOperation(request)
        var context = context
        let version = context.protocolVersion
        let outcome: Result<JSONValue, MCPError>
        do {
            try checkOffered(request.method)
            if version.isModern {
                context.minimumLogLevel = try Self.requestedLogLevel(request)
                context.sendsLogMessages = context.minimumLogLevel != nil
                context.clientCapabilities = request.meta?[MetaKeys.clientCapabilities]?.objectValue ?? [:]
                if InputRequired.methods.contains(request.method) { context.inputRound = try InputRound(request) }
            } else if let session {
                context.minimumLogLevel = session.logLevel
                context.clientCapabilities = session.clientCapabilities?.objectValue ?? [:]
            }
            switch (request.method, version.isModern) {
            case ("server/discover", true):
                outcome = .success(discover(servesSubscriptions: context.servesSubscriptions))
            case ("ping", false): outcome = .success(.object([:]))
            case ("logging/setLevel", false): outcome = .success(try setLogLevel(request, session: session))
            case ("tools/list", _):
                let tools = permitted(
                    snapshot.toolDescriptors(for: version, includeSecuritySchemes: includeSecuritySchemes),
                    named: "name", by: "tools/call", as: MCPOperation.Target.tool, context: context, snapshot: snapshot)
                outcome = .success(try list(request, version: version, key: "tools", tools))
            case ("tools/call", _):
                let result = try await callTool(request, operation, context: context, snapshot: snapshot)
                return JSONRPCResponse(id: request.id, toolResult: result, version: version)
            case ("resources/list", _):
                let resources = permitted(
                    snapshot.resourceDescriptors, named: "uri", by: "resources/read", as: MCPOperation.Target.resource,
                    context: context, snapshot: snapshot)
                outcome = .success(try list(request, version: version, key: "resources", resources))
            case ("resources/templates/list", _):
                outcome = .success(
                    try list(
                        request, version: version, key: "resourceTemplates", snapshot.resourceTemplateDescriptors))
            case ("resources/read", _):
                outcome = .success(try await readResource(operation, context: context, snapshot: snapshot))
            case ("prompts/list", _):
                let prompts = permitted(
                    snapshot.promptDescriptors, named: "name", by: "prompts/get", as: MCPOperation.Target.prompt,
                    context: context, snapshot: snapshot)
                outcome = .success(try list(request, version: version, key: "prompts", prompts))
            case ("prompts/get", _):
                outcome = .success(try await getPrompt(request, operation, context: context, snapshot: snapshot))
            case ("completion/complete", _):
                outcome = .success(try await complete(request, operation, context: context, snapshot: snapshot))
            default: outcome = .failure(.methodNotFound(request.method))
            }
        } catch {
            // basic/patterns/mrtr.mdx: only these methods, and only in 2026-07-28, may answer "input required".
            if let input = error.inputRequired, version.isModern, InputRequired.methods.contains(request.method) {
                outcome = .success(input.json)
            } else {
                outcome = .failure(error)
            }
        }
        return JSONRPCResponse(id: request.id, outcome: outcome)
    }

    // MARK: Methods

    /// A method of something the backend does not offer (``MCPBackend/offers``) is not found (-32601), as the
    /// capabilities it was left out of say.
    func checkOffered(_ method: String) throws(MCPError) {
        let offers = backend.offers
        let offered: Bool
        if method.hasPrefix("tools/") {
            offered = offers.tools
        } else if method.hasPrefix("resources/") {
            offered = offers.resources
        } else if method.hasPrefix("prompts/") {
            offered = offers.prompts
        } else if method == "completion/complete" {
            offered = offers.completions
        } else {
            offered = true
        }
        guard offered else { throw MCPError.methodNotFound(method) }
    }

    /// A 2026-07-28 request's `_meta` log level, or `nil` when it names none.
    static func requestedLogLevel(_ request: JSONRPCRequest) throws(MCPError) -> LogLevel? {
        guard let value = request.meta?[MetaKeys.logLevel] else { return nil }
        guard let level = value.stringValue.flatMap(LogLevel.init(rawValue:)) else {
            throw MCPError.invalidParams(
                "\"\(MetaKeys.logLevel)\" must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))",
                pointer: "/params/_meta/io.modelcontextprotocol~1logLevel")
        }
        return level
    }

    func discover(servesSubscriptions: Bool = false) -> JSONValue {
        var result: [String: JSONValue] = [
            "resultType": "complete",
            "supportedVersions": .array(configuration.supportedVersions.reversed().map { .string($0.rawValue) }),
            "capabilities": capabilities(for: .v2026_07_28, servesSubscriptions: servesSubscriptions),
            "_meta": ["io.modelcontextprotocol/serverInfo": serverInfo],
            "ttlMs": .integer(configuration.listCacheMilliseconds),
            "cacheScope": "public",
        ]
        if let instructions = configuration.instructions { result["instructions"] = .string(instructions) }
        return .object(result)
    }

    /// What the backend offers (``MCPBackend/offers``), for `version`. 2026-07-28 delivers list changes only on
    /// `subscriptions/listen` streams, so `listChanged` is advertised there only when the transport serves them;
    /// `logging` is a legacy-session capability.
    func capabilities(for version: ProtocolVersion, servesSubscriptions: Bool = false) -> JSONValue {
        let offers = backend.offers
        let listChanged: JSONValue =
            offers.listChanged && (!version.isModern || servesSubscriptions) ? ["listChanged": true] : [:]
        var capabilities: [String: JSONValue] = [:]
        if offers.completions { capabilities["completions"] = [:] }
        if offers.tools { capabilities["tools"] = listChanged }
        if offers.resources { capabilities["resources"] = listChanged }
        if offers.prompts { capabilities["prompts"] = listChanged }
        if !version.isModern { capabilities["logging"] = [:] }
        return .object(capabilities)
    }

    var serverInfo: JSONValue {
        var info: [String: JSONValue] = [
            "name": .string(configuration.name), "version": .string(configuration.version),
        ]
        if let title = configuration.title { info["title"] = .string(title) }
        return .object(info)
    }

    /// `descriptors` without the entries the caller's scopes do not allow, when the endpoint lists only permitted
    /// entries and the caller is authenticated (``CallContext/listsOnlyPermitted``); otherwise all of them. An entry
    /// is kept when every scope `snapshot` requires for calling it (`method` on the descriptor's `key`) is granted —
    /// the decision step's rule, minus the endpoint's base scopes, which the caller already passed to list at all.
    func permitted(
        _ descriptors: [JSONValue], named key: String, by method: String, as target: (String) -> MCPOperation.Target,
        context: CallContext, snapshot: any MCPBackendSnapshot
    ) -> [JSONValue] {
        guard context.listsOnlyPermitted, let caller = context.caller else { return descriptors }
        let granted = Set(caller.scopes)
        return descriptors.filter { descriptor in
            guard let name = descriptor[key]?.stringValue else { return false }
            let requirement = snapshot.requirement(for: MCPOperation(method: method, target: target(name)))
            return requirement.scopes.allSatisfy(granted.contains)
        }
    }

    func list(_ request: JSONRPCRequest, version: ProtocolVersion, key: String, _ items: [JSONValue]) throws(MCPError)
        -> JSONValue
    {
        let page = try Pagination.page(items, params: request.params, pageSize: configuration.pageSize)
        var result: [String: JSONValue] = [key: .array(Array(page.items))]
        if let next = page.nextCursor { result["nextCursor"] = .string(next) }
        if version.isModern {
            result["resultType"] = "complete"
            result["ttlMs"] = .integer(configuration.listCacheMilliseconds)
            result["cacheScope"] = "public"
        }
        return .object(result)
    }

    func setLogLevel(_ request: JSONRPCRequest, session: LegacySession?) throws(MCPError) -> JSONValue {
        guard let level = request.params["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) else {
            throw MCPError.invalidParams(
                "\"level\" must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))",
                pointer: "/params/level")
        }
        session?.setLogLevel(level)
        return .object([:])
    }
}
