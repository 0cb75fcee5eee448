import AtelierEngine
import AtelierMedia
import AtelierStore
import Foundation
import Logging
import RelayClient

/// Follows every task from the row written at submit to its end: sends queued tasks, polls
/// running ones (batched where the family can), takes callbacks, keeps the outputs, records
/// usage, and fails what passes its deadline.
///
/// It runs inside the server process (`run()`), and each pass (`step(now:)`) can be driven by
/// hand in tests. All state lives in SQLite: a restart picks up every unfinished task, and every
/// change is a guarded transition, so a second engine over the same file (the CLI) cannot
/// double a charge or a submit.
public struct TaskEngine: Sendable {
    let team: Team
    let connector: ProviderConnector
    let media: MediaKeeper
    let mediaFolder: URL
    let settings: EngineSettings
    let callbackKey: Data
    let limiter: CallLimiter
    let logger: Logger

    /// - Parameters:
    ///   - callbackKey: the secret callback tokens are derived from; keep it stable across restarts
    ///     (the server derives it from the master key) or callbacks of running tasks are refused.
    public init(team: Team, connector: ProviderConnector, media: MediaKeeper, mediaFolder: URL, settings: EngineSettings = EngineSettings(),
                callbackKey: Data, logger: Logger = Logger(label: "atelier.tasks")) {
        self.team = team
        self.connector = connector
        self.media = media
        self.mediaFolder = mediaFolder
        self.settings = settings
        self.callbackKey = callbackKey
        self.limiter = CallLimiter(limit: settings.maxConcurrentCalls)
        self.logger = logger
    }

    /// Runs until the surrounding task is cancelled: first turns interrupted submits into
    /// `unknown`, then passes over the due work every `tick`.
    public func run() async {
        do {
            let interrupted = try await team.tasks.recoverAfterRestart()
            if interrupted > 0 { logger.warning("tasks whose submit was interrupted are now unknown", metadata: ["count": "\(interrupted)"]) }
        } catch {
            logger.error("could not recover unfinished tasks", metadata: ["error": "\(error)"])
        }
        while !Task.isCancelled {
            await step()
            try? await Task.sleep(for: .milliseconds(Int(settings.tick * 1000)))
        }
    }

    /// One pass: send queued tasks, fail those past their deadline, poll what is due, keep
    /// outputs. Errors are logged and retried on a later pass.
    public func step(now: Date = Date()) async {
        await submitQueued()
        await expireDeadlines(now: now)
        await pollDue(now: now)
        await keepOutputs(now: now)
    }

    /// The absolute callback URL of a task, when callbacks are configured and the family takes them.
    func callbackURL(for task: TaskRecord, route: StudioRoute) -> String? {
        guard let base = settings.publicURL, GenerationRequestBuilder.takesCallback(route) else { return nil }
        return Self.trimmed(base) + "/hooks/" + CallbackToken(taskID: task.id, key: callbackKey).value
    }

    static func trimmed(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
