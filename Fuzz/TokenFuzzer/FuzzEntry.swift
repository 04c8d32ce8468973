import GatehouseTesting
import TokenVerification

/// Keys and policy for the fuzzer, built once: the development issuer's keys.
let fuzzKeys: KeySet = {
    let directory = (CommandLine.arguments.first.map { _ in "Keys" }) ?? "Keys"
    return (try? DevelopmentIssuer(directory: directory, issuer: "https://issuer.test").keySet()) ?? .empty
}()
let fuzzPolicy = IssuerPolicy(issuer: "https://issuer.test", typePolicy: .accessTokenOrJWT)
let fuzzResource = ResourceIdentifier("https://mcp.test/mcp/claude")!

/// libFuzzer entry point: every parser and check of the verifier's synchronous path, fed the same bytes.
/// Nothing here may crash, trap or leak, whatever the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    checkMemberReading(bytes)
    _ = try? JSONWebKeySet.parse(bytes, allowSymmetric: true)
    _ = Base64URL.decode(bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = ResourceIdentifier(text)
    _ = try? BearerCredential.token(from: text)
    verifySynchronously(text)
    return 0
}

/// The parser both ways: reading a top-level object member by member (as the JSON-RPC envelope is read) must accept
/// exactly what parsing the whole document accepts, and deliver the same members, once each.
func checkMemberReading(_ bytes: UnsafeBufferPointer<UInt8>) {
    let parser = StrictJSONParser(internedNames: ["io.modelcontextprotocol/protocolVersion"])
    let whole = Result { () throws(StrictJSONParser.Failure) -> JSONValue in try parser.parse(bytes) }
    var members: [String: JSONValue] = [:]
    var repeated = false
    let byMember = Result { () throws(StrictJSONParser.Failure) -> JSONValue? in
        try parser.parse(bytes) { name, value in repeated = members.updateValue(value, forKey: name) != nil || repeated
        }
    }
    switch (whole, byMember) {
    case (.failure, .failure): return
    case (.success(.object(let object)), .success(nil)): precondition(object == members && !repeated, "members differ")
    case (.success(let value), .success(let other?)): precondition(value == other, "values differ")
    default: preconditionFailure("one way of parsing accepted what the other refused")
    }
}

/// The verifier's path without its async key lookup: parse, header checks, signature, claims, time, audience.
func verifySynchronously(_ token: String) {
    guard let jws = try? CompactJWS(token), let claims = try? jws.claims(),
        let algorithm = try? fuzzPolicy.checkAlgorithm(jws.header),
        (try? fuzzPolicy.checkCritical(jws.header)) != nil, (try? fuzzPolicy.typePolicy.check(jws.header.type)) != nil
    else { return }
    let candidates = fuzzKeys.candidates(keyID: jws.header.keyID, algorithm: algorithm)
    let key = candidates.first { $0.isValidSignature(jws.signature, for: jws.signingInput, algorithm: algorithm) }
    guard
        let verified = try? ClaimChecks.extract(
            claims, policy: fuzzPolicy, algorithm: algorithm, keyID: key?.keyID, keyThumbprint: key?.thumbprint ?? "")
    else { return }
    _ = try? ClaimChecks.checkExpiry(verified, now: 1_800_000_000, leeway: 60)
    _ = try? ClaimChecks.checkNotBefore(verified, now: 1_800_000_000, leeway: 60)
    _ = try? ClaimChecks.checkAudience(verified, resource: fuzzResource, policy: fuzzPolicy.audiencePolicy)
    _ = try? ClaimChecks.checkScopes(verified, required: ["notes.read"])
}
