import AtelierMedia
import AtelierStore
import Foundation
import RelayClient

extension TaskEngine {
    /// Downloads due outputs into the media folder, then finishes every `saving` task whose
    /// outputs are settled: `succeeded` only when each one is kept, `failed` otherwise.
    func keepOutputs(now: Date) async {
        do {
            let pending = try await team.tasks.pendingOutputs(now: now, limit: 50)
            if !pending.isEmpty {
                let hosts = try await providerHosts()
                let providerOfTask = try await team.tasks.providerIDs(ofTasks: Array(Set(pending.map(\.taskId))))
                await withTaskGroup(of: Void.self) { group in
                    for output in pending {
                        let allowed = providerOfTask[output.taskId].flatMap { hosts[$0] }.map { Set([$0]) } ?? []
                        group.addTask { await self.keep(output, allowedHosts: allowed) }
                    }
                }
            }
            try await finishSettled()
        } catch {
            logger.error("could not keep outputs", metadata: ["error": "\(error)"])
        }
    }

    /// `host:port` of each configured provider (the scheme's port when the URL names none):
    /// outputs of a provider's task may come from a private address only if it is that one.
    func providerHosts() async throws -> [Int64: String] {
        var hosts: [Int64: String] = [:]
        for record in try await team.providers.all() {
            guard let id = record.id, let url = URL(string: record.baseURL), let host = url.host else { continue }
            let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
            hosts[id] = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
        return hosts
    }

    private func keep(_ output: TaskOutputRecord, allowedHosts: Set<String>) async {
        var output = output
        guard let url = output.sourceURL, let kind = MediaKind(OutputKind(rawValue: output.kind) ?? .text) else {
            output.state = .failed
            output.lastError = "no link to download"
            return await save(output)
        }
        output.attempts += 1
        do {
            let kept = try await limiter.run { try await media.keep(url: url, expecting: kind, allowedHosts: allowedHosts) }
            output.record(kept)
            // Thumbnails, poster and facts now, saved with the kept state in one write.
            await makeDerivatives(&output, allowedHosts: allowedHosts)
        } catch {
            let retryable = (error as? MediaError)?.isRetryable ?? true
            output.lastError = MediaMessages.describe(error)
            if retryable, output.attempts < settings.outputAttempts {
                output.nextAttemptAt = Date().addingTimeInterval(settings.backoff(failures: output.attempts))
            } else {
                output.state = .failed
            }
            logger.warning("output not kept", metadata: ["task": "\(output.taskId)", "attempt": "\(output.attempts)",
                                                         "reason": "\(output.lastError ?? "")"])
        }
        await save(output)
    }

    private func save(_ output: TaskOutputRecord) async {
        do {
            try await team.tasks.save(output: output)
        } catch {
            logger.error("could not save an output", metadata: ["task": "\(output.taskId)", "error": "\(error)"])
        }
    }

    private func finishSettled() async throws {
        let settled = try await team.tasks.settledSaving(limit: 200)
        let updates = settled.map { entry in
            let failed = entry.outputs.first { $0.state == .failed }
            return TaskUpdate(id: entry.task.id, from: .saving) { record in
                if let failed {
                    record.status = .failed
                    record.failureCategory = RelayErrorCategory.invalidResponse.rawValue
                    record.failureMessage = "An output could not be kept: " + (failed.lastError ?? "unknown reason")
                } else {
                    record.status = .succeeded
                }
            }
        }
        _ = try await team.tasks.apply(updates)
    }
}
