import AtelierEngine
import AtelierStore
import Foundation
import RelayClient

/// What became of a callback.
public enum CallbackOutcome: Sendable, Equatable {
    /// The task moved on.
    case applied
    /// Known task, nothing new (a duplicate or a late callback): acknowledged, not applied.
    case ignored
    /// No task has this token: refused.
    case refused
    /// The body could not be read.
    case unreadable
}

extension TaskEngine {
    /// Takes a provider's callback for the task whose token is in the URL. A bad token is
    /// refused and logged (at most 10 lines a minute, then one line counting the rest); a duplicate or late callback changes nothing; polling carries on
    /// either way, so a lost callback costs only time.
    public func receiveCallback(token: String, body: Data, from address: String) async -> CallbackOutcome {
        let task: TaskRecord
        do {
            guard token.utf8.count >= 20, token.utf8.count <= 100,
                  let found = try await team.tasks.task(callbackTokenDigest: CallbackToken.digest(of: token))
            else {
                let (log, heldBack) = forgedCallbackLog.admit()
                if heldBack > 0 {
                    logger.warning("\(heldBack) more forged callbacks were refused without a log line", metadata: [
                        "window_seconds": "\(Int(forgedCallbackLog.window))",
                    ])
                }
                if log { logger.warning("callback refused: unknown token", metadata: ["from": "\(address)", "bytes": "\(body.count)"]) }
                return .refused
            }
            task = found
        } catch {
            logger.error("could not look up a callback", metadata: ["error": "\(error)"])
            return .ignored
        }
        // Before the submit's own answer is written (queued, submitting) a callback would race
        // it; after the provider finished (saving, final) it has nothing new. Polling covers both.
        guard [.submitted, .running, .needsInput, .unknown].contains(task.status) else { return .ignored }
        do {
            guard let providerID = task.providerId, let record = try await team.providers.find(id: providerID) else { return .ignored }
            let client = try await connector.client(for: record).client
            let family = ProtocolFamily(rawValue: task.family) ?? .openAI
            let update = try client.parseCallback(body, family: family)
            if let providerTaskID = update.providerTaskID, let known = task.providerTaskId, providerTaskID != known {
                logger.warning("callback refused: it names another task", metadata: ["task": "\(task.id)", "from": "\(address)"])
                return .refused
            }
            guard let planned = await plan(update, for: task, from: task.status, provider: client.provider, now: Date()) else {
                return .ignored
            }
            let written = try await team.tasks.apply([planned])
            return written.first.flatMap { $0 } == nil ? .ignored : .applied
        } catch {
            logger.warning("callback unreadable", metadata: ["task": "\(task.id)", "error": "\(error)"])
            return .unreadable
        }
    }
}
