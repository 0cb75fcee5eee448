import Foundation
import Synchronization

/// What every route handler shares: the configuration, the state actor, the base URL once the
/// server is bound, and the shutdown flag that long-running answers watch.
final class SimContext: Sendable {
    let configuration: SimulatorConfiguration
    let state: SimState
    private let base = Mutex<String>("")
    private let stopping = Atomic<Bool>(false)

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        self.state = SimState(configuration: configuration)
    }

    var clock: TaskClock { TaskClock(tick: configuration.tick, steps: configuration.stepsToFinish) }

    /// `http://host:port` (or the configured public base), without a trailing slash.
    var baseURL: String {
        get { base.withLock { $0 } }
        set { base.withLock { $0 = newValue } }
    }

    var isShuttingDown: Bool { stopping.load(ordering: .acquiring) }

    func beginShutdown() { stopping.store(true, ordering: .releasing) }

    /// Suspends until shutdown begins (or the task is cancelled), then throws.
    func waitForShutdown() async throws -> Never {
        while !isShuttingDown {
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    /// True when a request's task (or call) must fail: it says `sim:fail`, or the random
    /// ``SimulatorConfiguration/failureRate`` picked it.
    func shouldFail(_ request: SimRequest) async -> Bool {
        if request.magic.contains(.fail) { return true }
        return await state.rollFailure()
    }

    /// A URL under the simulator's own base.
    func url(_ path: String) -> String { baseURL + path }
}
