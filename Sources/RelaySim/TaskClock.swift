import Foundation

/// Where a task stands, computed lazily from the time since it (re)started.
///
/// No timers run per task: a fetch asks the clock, so thousands of tasks in flight cost nothing.
enum TaskPhase: Equatable, Sendable {
    /// Accepted, nothing happened yet (tick 0).
    case queued
    /// Picked up by the "upstream" (tick 1, when there are at least three steps).
    case submitted
    /// Rendering; `fraction` is ticks / steps, strictly between 0 and 1.
    case running(fraction: Double)
    /// Final (tick ≥ steps).
    case finished
}

/// Turns elapsed time into ticks and phases.
struct TaskClock: Sendable {
    let tick: Duration
    let steps: Int

    /// Whole ticks between `start` and `now`.
    func ticks(from start: Date, to now: Date) -> Int {
        let seconds = tick.seconds
        guard seconds > 0 else { return Int.max / 2 }
        return max(0, Int((now.timeIntervalSince(start) / seconds).rounded(.down)))
    }

    func phase(ticks: Int, steps override: Int? = nil) -> TaskPhase {
        let steps = max(0, override ?? self.steps)
        if ticks >= steps { return .finished }
        if ticks == 0 { return .queued }
        if ticks == 1 && steps >= 3 { return .submitted }
        return .running(fraction: Double(ticks) / Double(steps))
    }

    /// For families with a fixed list of intermediate stages: the stage shown at `ticks`
    /// (`nil` once final). Stages spread over the steps; the last one is always shown on the
    /// tick before the end.
    func stage(ticks: Int, count: Int) -> Int? {
        guard ticks < steps, count > 0 else { return nil }
        if steps >= 2 && ticks == steps - 1 { return count - 1 }
        return min(count - 1, ticks * count / max(steps, 1))
    }

    /// The wall-clock time at which tick `n` began for a task started at `start`.
    func time(ofTick n: Int, from start: Date) -> Date {
        start.addingTimeInterval(Double(n) * tick.seconds)
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

extension Date {
    /// Unix time in milliseconds.
    var unixMilliseconds: Int { Int((timeIntervalSince1970 * 1000).rounded(.down)) }
    /// Unix time in seconds.
    var unixSeconds: Int { Int(timeIntervalSince1970.rounded(.down)) }
    /// ISO-8601 with milliseconds and `Z`, as Luma, Runway and Suno write times.
    var iso8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: self)
    }
}
