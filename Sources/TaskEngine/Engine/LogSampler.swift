import Foundation
import Synchronization

/// Lets at most `limit` log lines of one kind through per `window` (a flood of forged callbacks
/// must not fill the disk); the lines held back are counted and reported in one summary line
/// when the next window opens.
final class LogSampler: Sendable {
    let limit: Int
    let window: TimeInterval
    private let state = Mutex(State())

    private struct State {
        var windowStart = Date.distantPast
        var logged = 0
        var heldBack = 0
    }

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Whether this line may be logged, and how many lines of the window before were held back
    /// (to summarise first; zero when none were).
    func admit(now: Date = Date()) -> (log: Bool, heldBackBefore: Int) {
        state.withLock { state in
            var heldBackBefore = 0
            if now.timeIntervalSince(state.windowStart) >= window {
                heldBackBefore = state.heldBack
                state = State(windowStart: now, logged: 0, heldBack: 0)
            }
            guard state.logged < limit else {
                state.heldBack += 1
                return (false, heldBackBefore)
            }
            state.logged += 1
            return (true, heldBackBefore)
        }
    }
}
