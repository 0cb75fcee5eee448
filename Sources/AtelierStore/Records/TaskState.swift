import GRDB

/// Where a task stands in Atelier, from the row written before any provider call to its end.
///
/// Provider states (`RelayClient.TaskStatus`) map onto these, plus two of Atelier's own:
/// `submitting` (the provider call is under way: a crash here may have paid) and `saving`
/// (the provider finished; the outputs are being downloaded and the task is not yet done).
public enum TaskState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Written, not yet sent to the provider. Safe to send after a restart.
    case queued
    /// The submit call is under way. Found after a restart, it becomes `unknown`.
    case submitting
    /// Accepted by the provider, not started.
    case submitted
    case running
    /// Waiting for the member (a Midjourney remix or region mask).
    case needsInput
    /// Finished at the provider; outputs being kept.
    case saving
    case succeeded
    case failed
    case cancelled
    /// The submit may have reached the provider, but its answer was lost: never resent
    /// automatically; the member decides.
    case unknown

    /// True when nothing about the task will change any more.
    public var isFinal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: return true
        case .queued, .submitting, .submitted, .running, .needsInput, .saving, .unknown: return false
        }
    }

    /// True when the task will not move on without someone acting, so a page following it can
    /// stop asking: a final state, or `unknown`, which waits for the member's decision (the
    /// engine neither sends nor polls it; only a late callback could still move it, and a plain
    /// refresh shows that).
    public var isSettled: Bool {
        isFinal || self == .unknown
    }

    /// States the poller follows at the provider.
    public static let polled: [TaskState] = [.submitted, .running]
}
