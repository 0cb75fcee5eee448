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
/// hand in tests. All state lives in SQLite: a restart picks up every unfinished task (polls
/// once the dead process's leases run out; its interrupted submits become `unknown` once they
/// are older than any call could take), and every change is a guarded transition, so no two
/// writers both finish or charge a task.
public struct TaskEngine: Sendable {
    let team: Team
    let connector: ProviderConnector
    let media: MediaKeeper
    /// The folder kept outputs live in (the gallery removes deleted outputs' files from it).
    public let mediaFolder: URL
    let derivatives: DerivativeMaker
    let settings: EngineSettings
    let callbackKey: Data
    let limiter: CallLimiter
    let sendingRounds = RoundGate()
    /// At most 10 log lines a minute about callbacks with an unknown token, then a summary.
    let forgedCallbackLog = LogSampler(limit: 10, window: 60)
    let logger: Logger

    /// - Parameters:
    ///   - callbackKey: the secret callback tokens are derived from; keep it stable across restarts
    ///     (the server derives it from the master key) or callbacks of running tasks are refused.
    ///   - derivatives: what makes thumbnails, posters and facts of kept outputs; by default
    ///     Debian's tools over `mediaFolder`.
    public init(team: Team, connector: ProviderConnector, media: MediaKeeper, mediaFolder: URL, settings: EngineSettings = EngineSettings(),
                callbackKey: Data, derivatives: DerivativeMaker? = nil, logger: Logger = Logger(label: "atelier.tasks")) {
        self.team = team
        self.connector = connector
        self.media = media
        self.mediaFolder = mediaFolder
        self.derivatives = derivatives ?? DerivativeMaker(folder: mediaFolder)
        self.settings = settings
        self.callbackKey = callbackKey
        self.limiter = CallLimiter(limit: settings.maxConcurrentCalls)
        self.logger = logger
    }

    /// Runs until the surrounding task is cancelled, passing over the due work every `tick`
    /// (submits start their own sending round at once). While nothing is due, a tick is one read.
    public func run() async {
        while !Task.isCancelled {
            let now = Date()
            if await hasWork(at: now) { await step(now: now) }
            try? await Task.sleep(for: .milliseconds(Int(settings.tick * 1000)))
        }
    }

    /// Whether a pass at `now` would find anything to do; a store that cannot say gets a pass,
    /// which logs what is wrong.
    func hasWork(at now: Date) async -> Bool {
        do {
            guard let next = try await team.tasks.nextWork(submitTimeout: settings.submitTimeout) else { return false }
            return next <= now
        } catch {
            return true
        }
    }

    /// One pass: turn submits abandoned by a stopped process into `unknown`, send queued
    /// tasks, fail those past their deadline, poll what is due, keep outputs. Errors are logged
    /// and retried on a later pass.
    public func step(now: Date = Date()) async {
        do {
            let abandoned = try await team.tasks.abandonStaleSubmits(before: now.addingTimeInterval(-settings.submitTimeout))
            if abandoned > 0 { logger.warning("submits interrupted by a stop are now unknown", metadata: ["count": "\(abandoned)"]) }
        } catch {
            logger.error("could not look for interrupted submits", metadata: ["error": "\(error)"])
        }
        await sendQueuedRounds()
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
