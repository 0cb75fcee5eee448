import Foundation

/// Which protocol family a stored task belongs to (decides its JSON views and callbacks).
enum TaskFamily: String, Sendable {
    case midjourney, suno, kling, video, luma, runway, imgOpen, mx
}

/// One simulated asynchronous task. Its visible state is a pure function of the time since
/// ``startedAt``, computed by ``TaskClock`` on every fetch.
struct SimTask: Sendable {
    let id: String
    let family: TaskFamily
    /// Family-specific action: MJ `IMAGINE`/`UPSCALE`/…, Suno `MUSIC`/`LYRICS`, Kling `images`/`text2video`/…,
    /// video `textGenerate`/`generate`.
    var action: String
    var prompt: String
    let model: String
    let createdAt: Date
    /// Origin of the clock; a confirmed MJ modal restarts it.
    var startedAt: Date
    /// Ticks from ``startedAt`` to the final state.
    var steps: Int
    /// The provider message when the task is going to fail, `nil` when it will succeed.
    let failure: String?
    /// `sim:lost`: fetches answer not-found.
    let lost: Bool
    /// MJ Inpaint / Custom Zoom: waiting for `/mj/submit/modal`.
    var awaitingModal: Bool = false
    /// MJ cancel.
    var cancelledAt: Date?
    /// Callback URL (`notifyHook`, `callback_url`, `notify_hook`, `callbackUrl`).
    let hookURL: String?
    /// USD charged at submit (refunded when the task fails).
    let cost: Double
    /// Family-specific request details kept for the views (botType, state, image count, parent id, …).
    var details: [String: JSONValue] = [:]

    func ticks(_ clock: TaskClock, now: Date) -> Int {
        clock.ticks(from: startedAt, to: now)
    }

    func phase(_ clock: TaskClock, now: Date) -> TaskPhase {
        if awaitingModal { return .queued }
        if cancelledAt != nil { return .finished }
        return clock.phase(ticks: ticks(clock, now: now), steps: steps)
    }

    /// The moment the task reached its final state (`nil` while it runs).
    func finishedAt(_ clock: TaskClock, now: Date) -> Date? {
        if let cancelledAt { return cancelledAt }
        guard phase(clock, now: now) == .finished else { return nil }
        return clock.time(ofTick: steps, from: startedAt)
    }

    /// The moment the task left the queue (`nil` before).
    func runningSince(_ clock: TaskClock, now: Date) -> Date? {
        if awaitingModal { return nil }
        return ticks(clock, now: now) >= 1 || steps == 0 ? clock.time(ofTick: min(1, steps), from: startedAt) : nil
    }

    /// True once the task has ended in failure (a refunded task).
    func hasFailed(_ clock: TaskClock, now: Date) -> Bool {
        cancelledAt != nil || (failure != nil && phase(clock, now: now) == .finished)
    }

    func detail(_ key: String) -> JSONValue? { details[key] }
}
