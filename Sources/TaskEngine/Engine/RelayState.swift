import AtelierStore
import Foundation
import RelayClient

/// The provider's view of a task, kept in `TaskRecord.relayState` as JSON (without output
/// bytes, which go to the media folder).
enum RelayState {
    static func decode(_ record: TaskRecord) -> RelayTask {
        if let text = record.relayState, let task = try? JSONDecoder().decode(RelayTask.self, from: Data(text.utf8)) {
            return task
        }
        return RelayTask(id: record.id, providerTaskID: record.providerTaskId, family: ProtocolFamily(rawValue: record.family) ?? .openAI,
                         operation: record.operation, kind: OutputKind(rawValue: record.kind) ?? .image, status: .queued,
                         createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    static func encode(_ task: RelayTask) -> String {
        var stripped = task
        stripped.outputs = task.outputs.map { output in
            var copy = output
            copy.data = nil
            return copy
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(stripped)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension TaskState {
    /// The state a provider status leads to (`succeeded` is decided by the outputs).
    init(providerStatus status: TaskStatus) {
        switch status {
        case .queued, .submitted: self = .submitted
        case .running: self = .running
        case .needsInput: self = .needsInput
        case .succeeded: self = .saving
        case .failed: self = .failed
        case .cancelled: self = .cancelled
        case .unknown: self = .unknown
        }
    }

    /// How far along a state is, so an update never moves a task backwards (a late callback,
    /// a poll answer older than a callback).
    var rank: Int {
        switch self {
        case .queued: return 0
        case .submitting: return 1
        case .unknown: return 2
        case .submitted: return 3
        case .running, .needsInput: return 4
        case .saving: return 5
        case .succeeded, .failed, .cancelled: return 6
        }
    }
}
