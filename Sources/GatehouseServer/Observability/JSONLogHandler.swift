import Foundation
import GatehouseJSON
public import Logging

/// A swift-log handler writing one JSON object per line to standard error (`logging.format: json`), for log
/// collectors: `timestamp`, `level`, `label`, `message`, `source`, then the metadata keys.
public struct JSONLogHandler: LogHandler {
    /// The log label.
    public let label: String
    /// Records below this level are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every record.
    public var metadata: Logger.Metadata = [:]

    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error.
    public init(label: String) {
        self.init(label: label) { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// A handler writing each line (with its newline) to `write`.
    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: JSONValue] = [:]
        for (key, value) in metadata { object[key] = Self.json(value) }
        for (key, value) in event.metadata ?? [:] { object[key] = Self.json(value) }
        object["timestamp"] = .string(Date.now.formatted(.iso8601))
        object["level"] = .string(event.level.rawValue)
        object["label"] = .string(label)
        object["message"] = .string(event.message.description)
        object["source"] = .string(event.source)
        write(JSONWriter.serialize(.object(object)) + "\n")
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let dictionary): return .object(dictionary.mapValues(json))
        }
    }
}
