import AtelierMedia
import AtelierStore
import Foundation
import RelayClient

extension TaskEngine {
    /// Applies what the provider said (a submit answer, a poll, a callback) to a task read in
    /// `state`, in one guarded transition. Never moves a task backwards; a finished provider task
    /// gets its output rows (bytes that came inline are kept at once) and its usage entry.
    func applyUpdate(_ update: RelayTask, to task: TaskRecord, from state: TaskState, provider: Provider, now: Date,
                     extra: @escaping @Sendable (inout TaskRecord) -> Void = { _ in }) async {
        guard let planned = await plan(update, for: task, from: state, provider: provider, now: now, extra: extra) else { return }
        do {
            _ = try await team.tasks.apply([planned], now: now)
        } catch {
            logger.error("could not save a task update", metadata: ["task": "\(task.id)", "error": "\(error)"])
        }
    }

    /// The guarded change an update makes, or nil when it would move the task backwards or
    /// changes nothing worth writing. `previous` is the task's stored provider view when the
    /// caller has it decoded already.
    func plan(_ update: RelayTask, for task: TaskRecord, from state: TaskState, provider: Provider, now: Date,
              previous known: RelayTask? = nil, extra: @escaping @Sendable (inout TaskRecord) -> Void = { _ in }) async -> TaskUpdate? {
        let previous = known ?? RelayState.decode(task)
        let merged = previous.merged(with: update)
        var target = TaskState(providerStatus: merged.status)
        if target == .unknown { target = state == .submitting ? .unknown : state }
        guard target.rank >= state.rank, !state.isFinal, state != .saving else { return nil }
        // Nothing new (the common poll answer): the caller only reschedules.
        if target == state, state != .submitting, merged.progress == previous.progress,
           merged.providerTaskID == previous.providerTaskID, merged.actions == previous.actions {
            return nil
        }

        var outputs: [TaskOutputRecord] = []
        var usage: UsageEntry?
        var failure: (category: RelayErrorCategory, message: String, provider: String?)?
        if let providerFailure = merged.failure, target == .failed {
            failure = (providerFailure.category, FailureText.plain(providerFailure.category), providerFailure.message)
        }
        if target == .saving {
            outputs = await outputRows(merged, taskID: task.id)
            // The provider finished the work: it is charged whatever happens to the outputs.
            usage = usageEntry(for: task, provider: provider, now: now)
            if outputs.isEmpty {
                target = .failed
                failure = (.invalidResponse, "The provider reported success but sent no output.", nil)
            } else {
                if outputs.contains(where: { $0.state == .failed }) {
                    target = .failed
                    failure = (.invalidResponse, "An output could not be kept: " + (outputs.first { $0.state == .failed }?.lastError ?? ""), nil)
                } else if outputs.allSatisfy({ $0.state == .kept || $0.state == .text }) {
                    target = .succeeded
                }
            }
        }
        let interval = settings.interval(for: merged.family)
        let cost = usage?.isPriced == true ? usage?.amount : nil
        let relayJSON = RelayState.encode(merged)
        let finalTarget = target
        let failureNow = failure
        return TaskUpdate(id: task.id, from: state, outputs: outputs, usage: usage) { record in
            record.status = finalTarget
            record.progress = finalTarget == .succeeded || finalTarget == .saving ? 100 : merged.progress
            record.providerTaskId = merged.providerTaskID ?? record.providerTaskId
            record.relayState = relayJSON
            record.pollFailures = 0
            record.leaseUntil = nil
            record.nextPollAt = TaskState.polled.contains(finalTarget) ? now.addingTimeInterval(interval) : nil
            if let cost {
                record.cost = cost
            }
            if let failureNow {
                record.failureCategory = failureNow.category.rawValue
                record.failureMessage = failureNow.message
                record.providerMessage = failureNow.provider
            }
            extra(&record)
        }
    }

    /// Output rows for a finished provider task: links to download later, texts as they are,
    /// inline bytes kept now.
    private func outputRows(_ task: RelayTask, taskID: String) async -> [TaskOutputRecord] {
        var rows: [TaskOutputRecord] = []
        for (position, output) in task.outputs.enumerated() {
            var row = TaskOutputRecord(taskId: taskID, position: position, kind: output.kind.rawValue, sourceURL: output.url,
                                       text: output.text, title: output.title, width: output.width, height: output.height,
                                       duration: output.duration, coverSourceURL: output.coverURL)
            if output.kind == .text {
                row.sourceURL = nil
                row.state = .text
                row.text = output.text ?? ""
            } else if let data = output.data, let kind = MediaKind(output.kind) {
                do {
                    let kept = try media.keep(data: data, expecting: kind)
                    row.record(kept)
                } catch {
                    row.state = .failed
                    row.lastError = MediaMessages.describe(error)
                }
            } else if output.url == nil {
                continue
            }
            rows.append(row)
        }
        return rows
    }

    /// What the task cost: its route's price from the provider's table when it was submitted,
    /// or unknown (an entry marked unpriced, never a cost of 0) when no price was set.
    func usageEntry(for task: TaskRecord, provider: Provider, now: Date) -> UsageEntry {
        UsageEntry(memberId: task.memberId, memberName: task.memberName, providerId: task.providerId,
                   providerName: task.providerName, apiKeyId: task.apiKeyId, model: task.model,
                   amount: task.estimatedCost ?? 0, unit: task.costUnit ?? provider.prices.unit, isPriced: task.estimatedCost != nil,
                   taskID: task.id, createdAt: now)
    }
}

extension TaskOutputRecord {
    /// Marks the output kept at `file`.
    mutating func record(_ file: KeptFile) {
        state = .kept
        relativePath = file.relativePath
        byteCount = file.byteCount
        sha256 = file.sha256
        mimeType = file.mimeType
        lastError = nil
        nextAttemptAt = nil
    }
}

extension MediaKind {
    init?(_ kind: OutputKind) {
        switch kind {
        case .image: self = .image
        case .audio: self = .audio
        case .video: self = .video
        case .text: return nil
        }
    }
}
