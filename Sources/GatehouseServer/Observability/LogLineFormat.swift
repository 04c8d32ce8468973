import Foundation
import GatehouseJSON
import Logging

/// How a ``LogEntry`` becomes one line, on the ``LogWriter``'s thread. Both formats stamp UTC with milliseconds
/// (`2026-12-03T09:42:40.123Z`) and keep every record on one line, whatever its message or values contain.
extension GatehouseConfiguration.LogFormat {
    /// Appends `entry` as one line (with its newline) to `output`.
    func append(_ entry: LogEntry, to output: inout [UInt8]) {
        let (message, fields) = Self.content(of: entry)
        switch self {
        case .text: Self.text(entry, message, fields, to: &output)
        case .json: Self.json(entry, message, fields, to: &output)
        }
        output.append(UInt8(ascii: "\n"))
    }

    /// A value as the line shows it: a string, or (JSON only) a structured value.
    enum FieldValue {
        case string(String)
        case structured(Logger.Metadata.Value)
    }

    /// The message and the fields, sorted by name.
    static func content(of entry: LogEntry) -> (String, [(String, FieldValue)]) {
        switch entry.body {
        case .decision(let record):
            return ("auth.decision", AuthDecisionLog.fields(of: record).map { ($0.0, .string($0.1)) })
        case .message(let message, let metadata):
            let fields = metadata.sorted { $0.key < $1.key }.map { key, value -> (String, FieldValue) in
                switch value {
                case .string(let string): (key, .string(string))
                case .stringConvertible(let convertible): (key, .string(convertible.description))
                case .array, .dictionary: (key, .structured(value))
                }
            }
            return (message, fields)
        }
    }

    /// `2026-12-03T09:42:40.123Z info gatehouse: message key=value key="two words"` — logfmt after the message:
    /// a value with a space, quote, `=`, backslash or control character (or an empty one) is a quoted, escaped JSON
    /// string, so a client-chosen value cannot forge a field or a line.
    static func text(
        _ entry: LogEntry, _ message: String, _ fields: [(String, FieldValue)], to output: inout [UInt8]
    ) {
        Timestamp.append(entry.time, to: &output)
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: entry.level.rawValue.utf8)
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: entry.label.utf8)
        output.append(contentsOf: ": ".utf8)
        if message.utf8.contains(where: { $0 < 0x20 }) {
            JSONWriter.writeString(message, to: &output)
        } else {
            output.append(contentsOf: message.utf8)
        }
        for (key, value) in fields {
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: key.utf8)
            output.append(UInt8(ascii: "="))
            let string: String
            switch value {
            case .string(let value): string = value
            case .structured(let value): string = value.description
            }
            if string.isEmpty || string.utf8.contains(where: needsQuotes) {
                JSONWriter.writeString(string, to: &output)
            } else {
                output.append(contentsOf: string.utf8)
            }
        }
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\\")
            || byte == 0x7F
    }

    /// `{"timestamp":…,"level":…,"label":…,"message":…,"source":…,…fields}`; a field named like one of the first
    /// five is left out rather than written twice (a JSON object with duplicate names is ambiguous to collectors).
    static func json(
        _ entry: LogEntry, _ message: String, _ fields: [(String, FieldValue)], to output: inout [UInt8]
    ) {
        output.append(contentsOf: #"{"timestamp":""#.utf8)
        Timestamp.append(entry.time, to: &output)
        output.append(contentsOf: #"","level":""#.utf8)
        output.append(contentsOf: entry.level.rawValue.utf8)
        output.append(contentsOf: #"","label":"#.utf8)
        JSONWriter.writeString(entry.label, to: &output)
        output.append(contentsOf: #","message":"#.utf8)
        JSONWriter.writeString(message, to: &output)
        output.append(contentsOf: #","source":"#.utf8)
        JSONWriter.writeString(entry.source, to: &output)
        for (key, value) in fields where !reservedNames.contains(key) {
            output.append(UInt8(ascii: ","))
            JSONWriter.writeString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            switch value {
            case .string(let string): JSONWriter.writeString(string, to: &output)
            case .structured(let value): JSONWriter.write(json(value), to: &output)
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    private static let reservedNames: Set<String> = ["timestamp", "level", "label", "message", "source"]

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let dictionary): return .object(dictionary.mapValues(json))
        }
    }
}

/// ISO 8601 UTC timestamps with milliseconds, from `gmtime_r` and digits (Foundation's date formatters cost
/// microseconds per call).
enum Timestamp {
    /// Appends `time` as `2026-12-03T09:42:40.123Z`.
    static func append(_ time: timespec, to output: inout [UInt8]) {
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        digits(Int(parts.tm_year) + 1900, 4, &output)
        output.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2, &output)
        output.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2, &output)
        output.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2, &output)
        output.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2, &output)
        output.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2, &output)
        output.append(UInt8(ascii: "."))
        digits(Int(time.tv_nsec) / 1_000_000, 3, &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// Appends `value` in decimal, zero-padded to `width` digits.
    static func digits(_ value: Int, _ width: Int, _ output: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }
}
