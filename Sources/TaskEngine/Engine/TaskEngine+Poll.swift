import AtelierEngine
import AtelierStore
import Foundation
import RelayClient

extension TaskEngine {
    /// Fails every task that passed its deadline without finishing, asking the provider to
    /// cancel it first where the family has a cancel call (so it is not finished, and charged,
    /// behind our back).
    func expireDeadlines(now: Date) async {
        do {
            let late = try await team.tasks.pastDeadline(now: now, limit: 200)
            for task in late { await cancelAtProvider(task) }
            let updates = late.map { task in
                TaskUpdate(id: task.id, from: task.status) { record in
                    record.status = .failed
                    record.failureCategory = RelayErrorCategory.timeout.rawValue
                    record.failureMessage = FailureText.plain(.timeout)
                }
            }
            _ = try await team.tasks.apply(updates, now: now)
        } catch {
            logger.error("could not expire late tasks", metadata: ["error": "\(error)"])
        }
    }

    /// Best effort: a failed cancel is logged, and the task fails as timed out regardless.
    private func cancelAtProvider(_ task: TaskRecord) async {
        guard task.providerTaskId != nil, let providerID = task.providerId else { return }
        do {
            guard let record = try await team.providers.find(id: providerID) else { return }
            let client = try await connector.client(for: record).client
            let relayTask = RelayState.decode(task)
            guard client.supportsCancel(relayTask.family) else { return }
            _ = try await limiter.run { try await client.cancel(relayTask) }
        } catch {
            logger.warning("could not cancel a timed-out task", metadata: ["task": "\(task.id)", "error": "\(error)"])
        }
    }

    /// Polls every task whose turn has come: one request per batch where the family has a batch
    /// fetch, one per task otherwise, never more than `maxConcurrentCalls` at once.
    func pollDue(now: Date) async {
        let due: [TaskRecord]
        do {
            due = try await team.tasks.claimDue(now: now, limit: 2000, lease: settings.lease)
        } catch {
            logger.error("could not read due tasks", metadata: ["error": "\(error)"])
            return
        }
        guard !due.isEmpty else { return }
        let byProvider = Dictionary(grouping: due) { $0.providerId ?? -1 }
        await withTaskGroup(of: Void.self) { group in
            for (providerID, tasks) in byProvider {
                group.addTask { await self.poll(tasks, providerID: providerID) }
            }
        }
    }

    private func poll(_ tasks: [TaskRecord], providerID: Int64) async {
        let client: RelayClient
        do {
            guard let record = try await team.providers.find(id: providerID) else {
                let updates = tasks.map { task in
                    TaskUpdate(id: task.id, from: task.status) { record in
                        record.status = .failed
                        record.failureCategory = RelayErrorCategory.invalidRequest.rawValue
                        record.failureMessage = "The provider was removed."
                    }
                }
                _ = try await team.tasks.apply(updates)
                return
            }
            client = try await connector.client(for: record).client
        } catch {
            logger.warning("cannot poll a provider", metadata: ["provider": "\(providerID)", "error": "\(error)"])
            await backOff(tasks, error: nil)
            return
        }
        var batches: [[TaskRecord]] = []
        var singles: [TaskRecord] = []
        for (family, group) in Dictionary(grouping: tasks, by: { ProtocolFamily(rawValue: $0.family) ?? .openAI }) {
            if client.supportsBatchFetch(family) {
                batches += stride(from: 0, to: group.count, by: settings.batchSize).map {
                    Array(group[$0..<min($0 + settings.batchSize, group.count)])
                }
            } else {
                singles += group
            }
        }
        // Every answer of the pass is written together: a few transactions per provider, not
        // one per task polled on its own.
        let results = await withTaskGroup(of: PollResult.self) { group in
            for batch in batches {
                group.addTask { await self.fetch(batch, with: client) }
            }
            for task in singles {
                group.addTask { await self.fetch([task], with: client) }
            }
            return await group.reduce(into: PollResult()) { $0.add($1) }
        }
        await save(results)
    }

    /// What one pass over a provider learnt, to be written at once.
    struct PollResult: Sendable {
        var updates: [TaskUpdate] = []
        var unchanged: [(id: String, from: TaskState, nextPollAt: Date?)] = []
        var interrupted: [TaskRecord] = []
        var failed: [(tasks: [TaskRecord], error: RelayError)] = []

        mutating func add(_ other: PollResult) {
            updates += other.updates
            unchanged += other.unchanged
            interrupted += other.interrupted
            failed += other.failed
        }
    }

    private func save(_ result: PollResult) async {
        let now = Date()
        do {
            _ = try await team.tasks.apply(result.updates, now: now)
            try await team.tasks.reschedule(result.unchanged + result.interrupted.map { ($0.id, $0.status, nil) }, now: now)
        } catch {
            logger.error("could not save polled tasks", metadata: ["error": "\(error)"])
        }
        for failure in result.failed { await backOff(failure.tasks, error: failure.error) }
    }

    /// Fetches a batch (or one task) and plans what to write for every answer.
    private func fetch(_ tasks: [TaskRecord], with client: RelayClient) async -> PollResult {
        let relayTasks = tasks.map(RelayState.decode)
        // The next poll is due one interval after this one started, not after its answer.
        let polledAt = Date()
        var result = PollResult()
        do {
            let answers: [RelayTask]
            if tasks.count == 1, !client.supportsBatchFetch(relayTasks[0].family) {
                answers = [try await limiter.run { try await client.fetch(relayTasks[0]) }]
            } else {
                answers = try await limiter.run { try await client.fetchMany(relayTasks) }
            }
            let byID = Dictionary(answers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let now = Date()
            var missing: [TaskRecord] = []
            for (task, stored) in zip(tasks, relayTasks) {
                guard let answer = byID[task.id] else {
                    missing.append(task)
                    continue
                }
                if let update = await plan(answer, for: task, from: task.status, provider: client.provider, now: now, previous: stored) {
                    result.updates.append(update)
                } else {
                    let interval = settings.interval(for: ProtocolFamily(rawValue: task.family) ?? .openAI)
                    result.unchanged.append((task.id, task.status, polledAt.addingTimeInterval(interval)))
                }
            }
            if !missing.isEmpty { result.failed.append((missing, RelayError(.notFound, "the provider did not list this task"))) }
        } catch let error as RelayError where error.category == .cancelled {
            result.interrupted = tasks  // the server is stopping: not the provider's fault
        } catch let error as RelayError {
            result.failed.append((tasks, error))
        } catch {
            result.failed.append((tasks, RelayError(.invalidResponse, "the answer could not be read")))
        }
        return result
    }

    /// Schedules the next poll with backoff after an error; a task the provider keeps not
    /// finding, or whose key it refuses, fails after `lostAfter` tries in a row.
    func backOff(_ tasks: [TaskRecord], error: RelayError?) async {
        let now = Date()
        let updates = tasks.map { task in
            let failures = task.pollFailures + 1
            let wait = settings.backoff(failures: failures, retryAfter: error?.retryAfter)
            let givesUp = failures >= settings.lostAfter && (error.map { !$0.isRetryable } ?? false)
            return TaskUpdate(id: task.id, from: task.status) { record in
                record.pollFailures = failures
                record.leaseUntil = nil
                if givesUp, let error {
                    record.status = .failed
                    record.failureCategory = error.category.rawValue
                    record.failureMessage = FailureText.plain(error.category)
                    record.providerMessage = error.message
                } else {
                    record.nextPollAt = now.addingTimeInterval(wait)
                }
            }
        }
        do {
            _ = try await team.tasks.apply(updates, now: now)
        } catch {
            logger.error("could not schedule polls", metadata: ["error": "\(error)"])
        }
    }
}
