import GatehouseJSON
import MCPCore
import Testing

@Suite("JSON-RPC envelope: single-pass decoding, exact error codes (JSON-RPC 2.0 §4–5)")
struct JSONRPCMessageTests {
    func decode(_ body: String) throws(MCPError) -> [Result<JSONRPCMessage, MCPError>] {
        try JSONRPCMessage.decodeBody(Array(body.utf8)).messages
    }

    func code(_ body: String) -> Int? {
        do {
            let messages = try decode(body)
            if case .failure(let error) = messages[0] { return error.code }
            return nil
        } catch {
            return error.code
        }
    }

    @Test("ids keep their type: 1 and \"1\" are different")
    func idTypes() throws {
        guard case .success(.request(let numeric)) = try decode(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)[0],
            case .success(.request(let string)) = try decode(#"{"jsonrpc":"2.0","id":"1","method":"ping"}"#)[0]
        else {
            Issue.record("not requests")
            return
        }
        #expect(numeric.id == .number(1))
        #expect(string.id == .string("1"))
        #expect(numeric.id != string.id)
        #expect(JSONRPCResponse(id: string.id, outcome: .success([:])).body.contains(#""id":"1""#))
    }

    @Test("requests, notifications and responses are told apart")
    func kinds() throws {
        if case .success(.notification(let method, _)) = try decode(
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)[0]
        {
            #expect(method == "notifications/initialized")
        } else {
            Issue.record("not a notification")
        }
        if case .success(.response(let response)) = try decode(#"{"jsonrpc":"2.0","id":7,"result":{"a":1}}"#)[0] {
            #expect(response.id == .number(7))
            #expect(response.outcome == .success(["a": 1]))
        } else {
            Issue.record("not a response")
        }
    }

    @Test("a client's response keeps its result or error; a malformed one is an error saying so")
    func responsePayloads() throws {
        func outcome(_ body: String) throws -> Result<JSONValue, MCPError>? {
            guard case .success(.response(let response)) = try decode(body)[0] else { return nil }
            return response.outcome
        }
        let error = try outcome(#"{"jsonrpc":"2.0","id":"a","error":{"code":-1,"message":"declined","data":{"x":1}}}"#)
        #expect(error == .failure(MCPError(code: -1, message: "declined", data: ["x": 1])))
        for body in [
            #"{"jsonrpc":"2.0","id":1,"result":[]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#,
            #"{"jsonrpc":"2.0","id":1,"error":{"code":1}}"#, #"{"jsonrpc":"2.0","id":1,"result":{},"error":{}}"#,
        ] {
            guard case .failure(let failure)? = try outcome(body) else {
                Issue.record("accepted \(body)")
                continue
            }
            #expect(failure.code == -32603 && failure.message.contains("malformed"), "\(body)")
        }
    }

    @Test("invalid JSON is -32700")
    func parseError() {
        for body in ["{", "", "{\"jsonrpc\":\"2.0\",}", "\u{FF}"] {
            #expect(code(body) == -32700, "\(body)")
        }
    }

    @Test(
        "valid JSON that is not a valid message is -32600",
        arguments: [
            #"[]"#, #"5"#, #"{"id":1,"method":"ping"}"#, #"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":1}"#, #"{"jsonrpc":"2.0","id":1,"method":""}"#,
            #"{"jsonrpc":"2.0","id":1,"method":7}"#,
            #"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, #"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":{},"method":"ping"}"#, #"{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"ping","result":{}}"#,
        ]
    )
    func invalidRequest(_ body: String) {
        #expect(code(body) == -32600)
    }

    @Test(
        "a repeated envelope member is a parse error, however it is spelled and wherever it comes (-32700)",
        arguments: [
            #"{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/call"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"ping","\u006dethod":"tools/call"}"#,
            #"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"ping","x":1,"x":2}"#,
            // Past the members compared one by one: the rest are checked with a set.
            "{" + (1...20).map { #""m\#($0)":\#($0),"# }.joined() + #""m17":0,"jsonrpc":"2.0","id":1,"method":"ping"}"#,
            "{" + (1...16).map { #""m\#($0)":\#($0),"# }.joined() + #""m3":0,"jsonrpc":"2.0","id":1,"method":"ping"}"#,
        ]
    )
    func repeatedMember(_ body: String) {
        #expect(code(body) == -32700)
    }

    @Test("an envelope with many other members is still read; they are ignored")
    func manyMembers() throws {
        let body = "{" + (1...40).map { #""m\#($0)":[\#($0)],"# }.joined() + #""jsonrpc":"2.0","id":1,"method":"ping"}"#
        guard case .success(.request(let request)) = try decode(body)[0] else {
            Issue.record("not a request")
            return
        }
        #expect(request.method == "ping")
        #expect(request.params.isEmpty)
    }

    @Test("the envelope is read the same from a body and from a batch element")
    func bodyAndBatchAgree() throws {
        let messages = [
            #"{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"echo"},"extra":true}"#,
            #"{"method":"notifications/initialized","jsonrpc":"2.0"}"#, #"{"jsonrpc":"2.0","id":3,"error":{}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}"#, #"{"jsonrpc":"2.0","method":"","id":1}"#,
        ]
        for message in messages {
            let single = try decode(message)[0]
            let batched = try decode("[" + message + "]")[0]
            #expect("\(single)" == "\(batched)", "\(message)")
        }
    }

    @Test("a batch decodes element by element; a bad element does not spoil the others")
    func batch() throws {
        let decodedBody = try JSONRPCMessage.decodeBody(
            Array(#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"foo":1}]"#.utf8))
        let (messages, isBatch) = (decodedBody.messages, decodedBody.isBatch)
        #expect(isBatch)
        #expect(messages.count == 2)
        if case .success = messages[0] {} else { Issue.record("first should decode") }
        if case .failure(let error) = messages[1] {
            #expect(error.code == -32600)
        } else {
            Issue.record("second should fail")
        }
    }

    @Test("internal errors never carry internal text")
    func internalError() {
        #expect(MCPError.internalError.message == "Internal error")
        #expect(MCPError.internalError.data == nil)
    }
}

@Suite("JSON-RPC responses: the envelope written directly equals the generic writer's output")
struct JSONRPCResponseBytesTests {
    @Test(
        "results and errors, with string, integer and absent ids",
        arguments: [JSONRPCID.string("a\"b"), .number(7), nil]
    )
    func envelope(_ id: JSONRPCID?) {
        let responses = [
            JSONRPCResponse(id: id, outcome: .success(["content": [["type": "text", "text": "hi"]], "z": nil])),
            JSONRPCResponse(id: id, outcome: .failure(.invalidParams("bad \"name\"", pointer: "/params/name"))),
            JSONRPCResponse(id: id, outcome: .failure(.internalError)),
        ]
        for response in responses {
            #expect(response.bytes == JSONWriter.bytes(response.json))
            #expect(response.body == JSONWriter.serialize(response.json))
        }
    }

    @Test("the batch bound applies to the top-level array only, and stops parsing at the bound")
    func batchBound() throws {
        let nested =
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"list":["#
            + Array(repeating: "1", count: 500).joined(separator: ",") + "]}}"
        let single = try JSONRPCMessage.decodeBody(Array(nested.utf8), maximumBatchMessages: 2)
        #expect(!single.isBatch)
        let three = "[" + Array(repeating: nested, count: 3).joined(separator: ",") + "]"
        #expect(throws: MCPError.self) { try JSONRPCMessage.decodeBody(Array(three.utf8), maximumBatchMessages: 2) }
        // Past the bound nothing more is read: trailing garbage after the third element is never reached.
        let truncated = "[1,1,1," + String(repeating: "x", count: 100)
        do {
            _ = try JSONRPCMessage.decodeBody(Array(truncated.utf8), maximumBatchMessages: 2)
            Issue.record("an oversized batch was accepted")
        } catch {
            #expect(error.code == -32600)
            #expect(error.message.contains("at most 2 messages"))
        }
        let two = "[" + Array(repeating: nested, count: 2).joined(separator: ",") + "]"
        #expect(try JSONRPCMessage.decodeBody(Array(two.utf8), maximumBatchMessages: 2).messages.count == 2)
    }
}
