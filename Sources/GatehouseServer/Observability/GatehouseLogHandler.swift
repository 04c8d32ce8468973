public import Logging

/// The swift-log handler of `gatehouse serve`: it queues each record on a ``LogWriter`` (text or JSON, as the
/// writer's settings say), so a log call costs a request a lock and an append, never a `write(2)`.
///
/// ```swift
/// let writer = LogWriter(settings: .init(format: .json))
/// LoggingSystem.bootstrap { label in GatehouseLogHandler(label: label, writer: writer) }
/// ```
public struct GatehouseLogHandler: LogHandler {
    /// The log label.
    public let label: String
    /// Records below this level are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every record.
    public var metadata: Logger.Metadata = [:]
    /// Where records go.
    public let writer: LogWriter

    /// A handler queuing on `writer`.
    public init(label: String, writer: LogWriter, level: Logger.Level = .info) {
        self.label = label
        self.writer = writer
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        writer.write(
            LogEntry(
                level: event.level, label: label, message: event.message.description, metadata: merged,
                source: event.source))
    }
}
