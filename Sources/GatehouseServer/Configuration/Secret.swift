import Foundation

/// A secret value (an introspection client secret, an HMAC key) read from a file or an environment variable,
/// never from the configuration file itself, and never printed: its description is `<redacted>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret bytes as text (trailing newlines of a file are removed).
    public let value: String

    /// Wraps a secret.
    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// Reads a secret from `path`.
    /// - Throws: ``ConfigurationProblem`` naming `key` when the file is missing or empty.
    static func file(_ path: String, key: String) throws(ConfigurationProblem) -> Secret {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationProblem(
                key: key, value: path, fix: "the file cannot be read; check the path and permissions")
        }
        let value = text.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw ConfigurationProblem(key: key, value: path, fix: "the file is empty") }
        return Secret(value)
    }

    /// Reads a secret from the environment variable `name`.
    static func environment(
        _ name: String, key: String, environment: [String: String]
    ) throws(ConfigurationProblem) -> Secret {
        guard let value = environment[name], !value.isEmpty else {
            throw ConfigurationProblem(key: key, value: name, fix: "the environment variable is not set or empty")
        }
        return Secret(value)
    }
}
