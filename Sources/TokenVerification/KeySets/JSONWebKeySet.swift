/// Reads a JWK Set document (RFC 7517 §5) into a ``KeySet``.
///
/// A malformed or unusable key is skipped and reported, not fatal to the set: one bad key published by an
/// identity provider must not take every other key down with it. A document that is not a JWK Set at all, or
/// that holds more keys than the cap, is an error.
public enum JSONWebKeySet {
    /// A key that was skipped, and why.
    public struct SkippedKey: Sendable, Equatable, CustomStringConvertible {
        /// Position in the `keys` array.
        public let index: Int
        /// The key's `kid`, if it had a string one.
        public let keyID: String?
        /// Why it was skipped.
        public let reason: String

        public var description: String {
            "key \(index)" + (keyID.map { " (kid \"\($0.prefix(64))\")" } ?? "") + ": \(reason)"
        }
    }

    /// Why a document could not be read as a key set.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public let reason: String
        public var description: String { reason }
    }

    /// The result of reading a set.
    public struct Result: Sendable {
        /// The usable keys.
        public let keySet: KeySet
        /// The keys that were skipped.
        public let skipped: [SkippedKey]
    }

    /// Parses a JWK Set document.
    /// - Parameters:
    ///   - document: the raw JSON.
    ///   - maximumKeys: more keys than this make the whole document an error (a hostile set cannot make every
    ///     `kid`-less token cost hundreds of signature checks).
    ///   - allowSymmetric: accept `oct` keys (only for locally configured secrets).
    public static func parse(
        _ document: some Collection<UInt8>,
        maximumKeys: Int = 64,
        allowSymmetric: Bool = false
    ) throws(Failure) -> Result {
        let members: [String: JSONValue]
        do {
            members = try StrictJSONParser().parseObject(document)
        } catch {
            throw Failure(reason: "the key set is not a valid JSON object: \(error)")
        }
        guard let entries = members["keys"]?.arrayValue else {
            throw Failure(reason: "the key set has no \"keys\" array")
        }
        guard entries.count <= maximumKeys else {
            throw Failure(reason: "the key set holds \(entries.count) keys, more than the limit of \(maximumKeys)")
        }
        // A shared secret published beside public keys is either a leak or a confusion waiting to happen.
        let types = Set(entries.compactMap { $0.objectValue?["kty"]?.stringValue })
        if types.contains("oct") && types.count > 1 {
            throw Failure(reason: "the key set mixes symmetric (\"oct\") and asymmetric keys")
        }
        var keys: [VerificationKey] = []
        var skipped: [SkippedKey] = []
        for (index, entry) in entries.enumerated() {
            guard let jwk = entry.objectValue else {
                skipped.append(SkippedKey(index: index, keyID: nil, reason: "not a JSON object"))
                continue
            }
            do {
                keys.append(try JSONWebKey.verificationKey(from: jwk, allowSymmetric: allowSymmetric))
            } catch {
                skipped.append(SkippedKey(index: index, keyID: jwk["kid"]?.stringValue, reason: error.reason))
            }
        }
        // RFC 7517 §4.5: keys of one type in a set must have distinct kids. A duplicate makes the choice of key
        // ambiguous, so every key sharing it is dropped, even if the other one was itself unusable.
        var kidCounts: [String: Int] = [:]
        for entry in entries {
            if let object = entry.objectValue, let kty = object["kty"]?.stringValue,
                let kid = object["kid"]?.stringValue
            {
                kidCounts["\(kty)/\(kid)", default: 0] += 1
            }
        }
        keys.removeAll { key in
            guard let keyID = key.keyID, kidCounts["\(key.familyName)/\(keyID)", default: 0] > 1 else { return false }
            skipped.append(SkippedKey(index: -1, keyID: keyID, reason: "another key of the same type has the same kid"))
            return true
        }
        return Result(keySet: KeySet(keys), skipped: skipped)
    }
}
