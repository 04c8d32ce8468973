import Crypto
import Foundation
import GatehouseJSON
import MCPCore

/// Seals an upstream's 2026-07-28 `requestState` before it goes to the caller, and opens what the caller echoes
/// (basic/patterns/mrtr.mdx, "Server Requirements", items 4 and 5).
///
/// The upstream cannot bind its state to the user: every caller reaches it through the gateway's one credential.
/// So the gateway does. The caller gets `gh1.` and the base64url of a ChaCha20-Poly1305 box holding the upstream's
/// state with the principal (issuer + subject), the upstream, the method, the name or URI the caller used, a
/// digest of the arguments and an expiry. A state presented by another principal, on another request, after its
/// expiry or tampered with is refused before anything reaches the upstream; the upstream only ever sees its own
/// state, and only on the request it was minted for. Replay by the same principal on the same request within the
/// lifetime stays possible, as the specification's warning says; single use is the upstream's to enforce.
struct RequestStateSeal: Sendable {
    /// What a sealed state is bound to.
    struct Binding: Sendable, Hashable {
        var upstream: String
        var method: String
        var target: String
        var issuer: String
        var subject: String
        /// The endpoint the caller called (anonymous callers have no principal: their states are at least the
        /// endpoint's, and only ever given to the caller that triggered them).
        var endpoint: String
        /// SHA-256 of the arguments as canonical JSON (sorted members), base64url.
        var arguments: String

        init(
            upstream: String, method: String, target: String, caller: Caller?, endpoint: String = "",
            arguments: JSONValue
        ) {
            self.upstream = upstream
            self.endpoint = endpoint
            self.method = method
            self.target = target
            self.issuer = caller?.issuer ?? ""
            self.subject = caller?.subject ?? ""
            self.arguments = Self.base64URL(Data(SHA256.hash(data: JSONWriter.bytes(arguments))))
        }

        /// Unpadded base64url (RFC 4648 §5) of `data`, mapped byte by byte: every call to an upstream tool computes
        /// one, and Foundation's `replacingOccurrences` was 3.8 % of the gateway's CPU in a profile at one connection
        /// (docs/benchmarks.md, "Session 15").
        static func base64URL(_ data: Data) -> String {
            let base64 = data.base64EncodedData()
            var output: [UInt8] = []
            output.reserveCapacity(base64.count)
            for byte in base64 {
                switch byte {
                case UInt8(ascii: "+"): output.append(UInt8(ascii: "-"))
                case UInt8(ascii: "/"): output.append(UInt8(ascii: "_"))
                case UInt8(ascii: "="): continue
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Why a presented state was refused (logged; the caller is told only that it is invalid or expired).
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case malformed
        case forged
        case expired
        case otherPrincipal
        case otherRequest

        var description: String {
            switch self {
            case .malformed: "not a sealed state"
            case .forged: "the seal does not verify (tampered, or another key)"
            case .expired: "expired"
            case .otherPrincipal: "minted for another principal"
            case .otherRequest: "minted for another request"
            }
        }
    }

    /// The prefix of a sealed state.
    static let prefix = "gh1."
    /// The longest state accepted from a caller: more than any state this seal makes (the longest upstream state
    /// and URI, every byte escaped six-fold in the JSON inside, base64url on top).
    static let maximumSealedBytes = 256 << 10
    /// The longest state relayed from an upstream.
    static let maximumUpstreamStateBytes = 16 << 10
    private static let associatedData = Data("gatehouse request state v1".utf8)

    private let key: SymmetricKey
    /// How long a sealed state is accepted.
    let lifetime: Duration

    /// A seal with `secret` (a key every gateway instance behind one load balancer shares) or, without one, a key
    /// of this process alone.
    init(secret: String?, lifetime: Duration) {
        if let secret {
            key = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Self.associatedData, outputByteCount: 32)
        } else {
            key = SymmetricKey(size: .bits256)
        }
        self.lifetime = lifetime
    }

    /// What a sealed state holds.
    struct Opened: Sendable, Equatable {
        /// The upstream's own state.
        var state: String?
        /// The handle of a parked call (``ParkedCalls``) the state answers.
        var parked: String?
    }

    /// The sealed form of the upstream's `state` (`nil`: the upstream sent none, but the binding still travels), or
    /// of the handle of a `parked` call.
    func seal(_ state: String?, parked: String? = nil, binding: Binding, now: Date = Date()) -> String {
        var payload: [String: JSONValue] = [
            "u": .string(binding.upstream), "m": .string(binding.method), "t": .string(binding.target),
            "i": .string(binding.issuer), "s": .string(binding.subject), "a": .string(binding.arguments),
            "n": .string(binding.endpoint),
            "e": .integer(Int(now.timeIntervalSince1970) + Int(lifetime.components.seconds)),
        ]
        if let state { payload["r"] = .string(state) }
        if let parked { payload["p"] = .string(parked) }
        // ChaChaPoly.seal fails only for a key of the wrong size, which this type never holds.
        let box = try! ChaChaPoly.seal(
            JSONWriter.bytes(.object(payload)), using: key, authenticating: Self.associatedData)
        return Self.prefix + Binding.base64URL(box.combined)
    }

    /// What `sealed` holds, if it was minted by this seal for `binding` and has not expired.
    func open(_ sealed: String, binding: Binding, now: Date = Date()) throws(Refusal) -> Opened {
        guard sealed.utf8.count <= Self.maximumSealedBytes, sealed.hasPrefix(Self.prefix),
            let combined = Self.data(base64URL: String(sealed.dropFirst(Self.prefix.count)))
        else { throw .malformed }
        let plaintext: Data
        do {
            plaintext = try ChaChaPoly.open(
                ChaChaPoly.SealedBox(combined: combined), using: key, authenticating: Self.associatedData)
        } catch {
            throw .forged
        }
        guard let payload = try? StrictJSONParser().parseObject(plaintext), let expiry = payload["e"]?.intValue
        else { throw .malformed }
        guard Int(now.timeIntervalSince1970) < expiry else { throw .expired }
        guard payload["i"]?.stringValue == binding.issuer, payload["s"]?.stringValue == binding.subject else {
            throw .otherPrincipal
        }
        guard payload["u"]?.stringValue == binding.upstream, payload["m"]?.stringValue == binding.method,
            payload["t"]?.stringValue == binding.target, payload["a"]?.stringValue == binding.arguments,
            payload["n"]?.stringValue == binding.endpoint
        else { throw .otherRequest }
        return Opened(state: payload["r"]?.stringValue, parked: payload["p"]?.stringValue)
    }

    private static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
