import Logging
import Synchronization

/// Collects every log line (level, message and metadata) written through its handler, as
/// `"<level> <message> <key=value …>"`.
public final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    public var all: [String] { lines.withLock { $0 } }

    /// A logger whose every line (at any level) is recorded here.
    public var logger: Logger { Logger(label: "recorded") { _ in Handler(recorder: self) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            recorder.lines.withLock { $0.append("\(event.level) \(event.message) \(fields)") }
        }
    }
}
