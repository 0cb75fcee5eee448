import Foundation

/// All mutable state of one simulator: tasks, the quota ledger, the random generator and the
/// callback bookkeeping. An actor, so handlers on any thread see one consistent store.
actor SimState {
    let clock: TaskClock
    private let granted: Double
    private let failureRate: Double
    private let rateLimitRate: Double
    private var random: SimRandom
    private var tasks: [String: SimTask] = [:]
    /// Secondary ids (Suno clip ids, Suno S2 lyrics ids, Img Open task ids) → task id.
    private var aliases: [String: String] = [:]
    /// Spend of synchronous calls (chat, images, audio…) and of every task at submit, USD.
    private var spend: Double = 0
    /// Tasks that may end refunded (going to fail, or cancelled): the only ones the ledger revisits.
    private var refundable: Set<String> = []
    private var requestCount = 0
    /// Requests per route pattern (`GET /mj/task/{id}/fetch`), for `/sim/stats`.
    private var requestsByRoute: [String: Int] = [:]
    private let stepsToFinish: Int
    private let stepsSpread: Int
    private var lastMidjourneyID = 0
    /// Tasks with a callback URL whose final state has not been delivered yet, and the order last sent.
    private var pendingHooks: [String: Double] = [:]

    init(configuration: SimulatorConfiguration) {
        clock = TaskClock(tick: configuration.tick, steps: configuration.stepsToFinish)
        granted = configuration.balance
        failureRate = configuration.failureRate
        rateLimitRate = configuration.rateLimitRate
        random = SimRandom(seed: configuration.seed)
        stepsToFinish = configuration.stepsToFinish
        stepsSpread = max(0, configuration.stepsSpread)
    }

    /// Ticks a new task takes: the configured steps plus a random share of the spread.
    func stepsForNewTask() -> Int {
        stepsSpread == 0 ? stepsToFinish : stepsToFinish + Int.random(in: 0...stepsSpread, using: &random)
    }

    /// Counts one request to a route.
    func count(route: String) { requestsByRoute[route, default: 0] += 1 }

    /// Requests so far per route.
    func requestStats() -> [String: Int] { requestsByRoute }

    // MARK: Randomness and ids

    func nextRequestID() -> String {
        requestCount += 1
        let stamp = Date().unixMilliseconds
        return "\(stamp)\(String(format: "%06d", requestCount % 1_000_000))"
    }

    func rollRateLimit() -> Bool { random.chance(rateLimitRate) }
    func rollFailure() -> Bool { random.chance(failureRate) }

    enum IDStyle { case midjourney, newAPI, uuid, kling }

    func makeID(_ style: IDStyle) -> String {
        switch style {
        case .midjourney:
            // currentTimeMillis + 3 digits, strictly increasing (NZ `newTask`).
            let candidate = Date().unixMilliseconds * 1000 + Int.random(in: 0..<1000, using: &random)
            lastMidjourneyID = max(candidate, lastMidjourneyID + 1)
            return String(lastMidjourneyID)
        case .newAPI:
            return "task_" + random.string(32, from: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        case .uuid:
            return StableHash.uuid(random.string(24, from: "0123456789abcdef"))
        case .kling:
            return random.string(22, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        }
    }

    func randomSeed() -> Int { Int.random(in: 1_000_000_000..<4_000_000_000, using: &random) }

    // MARK: Ledger

    /// USD used so far: everything charged, minus the tasks that have failed by now (refunded).
    func usedUSD(now: Date = Date()) -> Double {
        refundable.reduce(spend) { sum, id in
            guard let task = tasks[id], task.hasFailed(clock, now: now) else { return sum }
            return sum - task.cost
        }
    }

    func grantedUSD() -> Double { granted }

    func remainingUSD() -> Double { granted - usedUSD() }

    /// Charges a synchronous call, or throws the quota failure.
    func charge(_ cost: Double) throws(SimFailure) {
        let remaining = remainingUSD()
        guard remaining >= cost else { throw SimFailure(.quota(remainingUSD: remaining)) }
        spend += cost
    }

    // MARK: Tasks

    /// Stores a new task after charging it, or throws the quota failure.
    func insert(_ task: SimTask) throws(SimFailure) -> SimTask {
        let remaining = remainingUSD()
        guard remaining >= task.cost else { throw SimFailure(.quota(remainingUSD: remaining)) }
        tasks[task.id] = task
        spend += task.cost
        if task.failure != nil { refundable.insert(task.id) }
        if task.hookURL != nil { pendingHooks[task.id] = -1 }
        return task
    }

    func addAlias(_ alias: String, for id: String) { aliases[alias] = id }

    /// The task with `id` (or with that alias).
    func task(_ id: String) -> SimTask? {
        tasks[id] ?? aliases[id].flatMap { tasks[$0] }
    }

    /// Changes a stored task; returns the new value.
    @discardableResult
    func update(_ id: String, _ change: (inout SimTask) -> Void) -> SimTask? {
        guard var task = tasks[id] else { return nil }
        change(&task)
        tasks[id] = task
        if task.cancelledAt != nil { refundable.insert(id) }
        if task.hookURL != nil, pendingHooks[id] == nil { pendingHooks[id] = -1 }
        return task
    }

    /// Tasks of `family` that have not finished yet.
    func unfinishedCount(_ family: TaskFamily, now: Date = Date()) -> Int {
        tasks.values.filter { $0.family == family && $0.phase(clock, now: now) != .finished }.count
    }

    // MARK: Callbacks

    /// Tasks that still owe callbacks, with the order of the last state sent.
    func hookTasks() -> [(SimTask, Double)] {
        pendingHooks.compactMap { id, order in tasks[id].map { ($0, order) } }
    }

    /// Records a delivered state; a final one ends the bookkeeping for the task.
    func markDelivered(_ id: String, order: Double, final: Bool) {
        if final { pendingHooks[id] = nil } else { pendingHooks[id] = order }
    }
}
