import Foundation
public import TokenVerification

/// A JWK Set file (RFC 7517 §5) read from disk, with every failure named as a ``ConfigurationProblem`` (where it
/// looked, what is wrong, what to do): one reader for `issuers[].jwks_file` and `gatehouse token inspect --jwks`.
public enum KeySetFile {
    /// Reads and parses the set at `path`; `key` names the setting or flag it came from.
    /// - Throws: ``ConfigurationProblem`` when the file is missing or unreadable, is not a JWK Set, or has no usable
    ///   key.
    public static func read(_ path: String, key: String) throws(ConfigurationProblem) -> JSONWebKeySet.Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigurationProblem(
                key: key, value: path,
                fix: exists
                    ? "\(absolute) cannot be read: check its permissions"
                    : "no file at \(absolute): check the path (relative paths start from the working directory)")
        }
        let parsed: JSONWebKeySet.Result
        do {
            parsed = try JSONWebKeySet.parse(Array(data))
        } catch {
            throw ConfigurationProblem(key: key, value: path, fix: "not a valid JWK Set: \(error.reason)")
        }
        guard !parsed.keySet.keys.isEmpty else {
            throw ConfigurationProblem(key: key, value: path, fix: "the JWK Set has no usable keys")
        }
        return parsed
    }
}
