import AtelierEngine
import AtelierStore
import Foundation
import RelayClient

/// Why a member's action on a task was not taken.
public enum TaskActionRefusal: Error, Sendable, Equatable {
    case notFound
    /// Not in a state that allows it (e.g. cancelling a finished task).
    case notNow
    /// The provider has no call for it (cancel in this family; a button that needs a mask).
    case notSupported
    /// The provider refused; the message is safe to show.
    case provider(String)
}

extension TaskEngine {
    /// Cancels a task: one not yet sent is simply dropped; a running one is cancelled at the
    /// provider where the family allows it.
    public func cancel(taskID: String) async throws -> TaskRecord {
        guard let task = try await team.tasks.task(id: taskID) else { throw TaskActionRefusal.notFound }
        if task.status == .queued {
            guard let done = try await team.tasks.transition(taskID, from: .queued, { record in
                record.status = .cancelled
                record.failureCategory = RelayErrorCategory.cancelled.rawValue
                record.failureMessage = FailureText.plain(.cancelled)
            }) else { throw TaskActionRefusal.notNow }
            return done
        }
        guard [.submitted, .running, .needsInput].contains(task.status) else { throw TaskActionRefusal.notNow }
        guard let providerID = task.providerId, let record = try await team.providers.find(id: providerID) else {
            throw TaskActionRefusal.notFound
        }
        let client: RelayClient
        do {
            client = try await connector.client(for: record).client
        } catch let error as ConnectorError {
            throw TaskActionRefusal.provider(error.description)
        }
        let relayTask = RelayState.decode(task)
        guard client.supportsCancel(relayTask.family) else { throw TaskActionRefusal.notSupported }
        do {
            _ = try await limiter.run { try await client.cancel(relayTask) }
        } catch let error as RelayError {
            throw TaskActionRefusal.provider(FailureText.plain(error.category))
        }
        guard let done = try await team.tasks.transition(taskID, from: task.status, { record in
            record.status = .cancelled
            record.failureCategory = RelayErrorCategory.cancelled.rawValue
            record.failureMessage = FailureText.plain(.cancelled)
        }) else { throw TaskActionRefusal.notNow }
        return done
    }

    /// Sends a finished, failed, cancelled or unknown task's request again as a new task.
    /// An `unknown` task is closed as failed first (the member chose to send it again).
    public func retry(taskID: String, member: Member, idempotencyKey: String) async throws -> TaskRecord {
        guard let task = try await team.tasks.task(id: taskID), let providerID = task.providerId else { throw TaskActionRefusal.notFound }
        guard task.status.isFinal || task.status == .unknown else { throw TaskActionRefusal.notNow }
        let request = try JSONDecoder().decode(StudioRequest.self, from: Data(task.request.utf8))
        if task.status == .unknown {
            // Close it first: of two members (or tabs) sending it again, only one wins.
            guard try await team.tasks.transition(taskID, from: .unknown, { record in
                record.status = .failed
                record.failureMessage = "Sent again by \(member.name) as a new task."
            }) != nil else { throw TaskActionRefusal.notNow }
        }
        return try await submit(SubmitOrder(request: request, providerID: providerID, member: member,
                                            idempotencyKey: idempotencyKey, parentID: task.id))
    }

    /// Closes an `unknown` task as failed: the member checked with the provider that it was not
    /// run (no usage is recorded).
    public func closeUnknown(taskID: String, member: Member) async throws -> TaskRecord {
        guard let done = try await team.tasks.transition(taskID, from: .unknown, { record in
            record.status = .failed
            record.failureMessage = "Closed by \(member.name): the provider did not run it."
        }) else { throw TaskActionRefusal.notNow }
        return done
    }

    /// Presses a button (U1, V2, reroll, zoom, pan, vary) of a finished Midjourney task: a new
    /// linked task.
    public func press(actionID: String, on taskID: String, member: Member, idempotencyKey: String) async throws -> TaskRecord {
        guard let task = try await team.tasks.task(id: taskID), let providerID = task.providerId,
              let providerTaskID = task.providerTaskId
        else { throw TaskActionRefusal.notFound }
        let relayTask = RelayState.decode(task)
        guard task.status == .succeeded, relayTask.family == .midjourney,
              let action = relayTask.actions.first(where: { $0.id == actionID })
        else { throw TaskActionRefusal.notNow }
        let request = StudioRequest(route: .midjourneyAction, prompt: action.label, parentProviderTaskID: providerTaskID,
                                    customID: action.id)
        return try await submit(SubmitOrder(request: request, providerID: providerID, member: member,
                                            idempotencyKey: idempotencyKey, parentID: task.id))
    }

    /// Answers a task waiting for input (Midjourney's MODAL after vary region or custom zoom):
    /// the prompt to use and, for a region, the mask (a PNG, white where the image changes). The
    /// same task then runs on at the provider.
    public func answer(taskID: String, prompt: String?, mask: Data?) async throws -> TaskRecord {
        guard let task = try await team.tasks.task(id: taskID), let providerID = task.providerId,
              let providerTaskID = task.providerTaskId, let record = try await team.providers.find(id: providerID)
        else { throw TaskActionRefusal.notFound }
        guard task.status == .needsInput, task.family == ProtocolFamily.midjourney.rawValue else { throw TaskActionRefusal.notNow }
        let client: RelayClient
        do {
            client = try await connector.client(for: record).client
        } catch let error as ConnectorError {
            throw TaskActionRefusal.provider(error.description)
        }
        let request = MidjourneyRequest(.modal(taskID: providerTaskID, prompt: prompt,
                                               maskBase64: mask.map { "data:image/png;base64," + $0.base64EncodedString() }))
        do {
            _ = try await limiter.run { try await client.submit(.midjourney(request), id: task.id) }
        } catch let error as RelayError {
            throw TaskActionRefusal.provider(FailureText.plain(error.category))
        }
        let interval = settings.interval(for: .midjourney)
        guard let moved = try await team.tasks.transition(taskID, from: .needsInput, { record in
            record.status = .submitted
            record.progress = 0
            record.nextPollAt = Date().addingTimeInterval(interval)
        }) else { throw TaskActionRefusal.notNow }
        return moved
    }
}
