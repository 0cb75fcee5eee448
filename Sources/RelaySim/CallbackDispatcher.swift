import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// A family that can describe its tasks for callbacks.
protocol TaskRenderer: Sendable {
    /// The body to POST for `task` as it stands at `now`, its order (callbacks never go
    /// backwards: only a higher order is sent) and whether it is final.
    func callback(for task: SimTask, now: Date) -> TaskCallback
}

/// One state of a task, as a callback would carry it.
struct TaskCallback: Sendable {
    let order: Double
    let final: Bool
    let body: JSONValue

    /// The usual order of a phase: queued 0 < submitted 1 < running 2…3 < final 4.
    static func order(of phase: TaskPhase) -> Double {
        switch phase {
        case .queued: return 0
        case .submitted: return 1
        case .running(let fraction): return 2 + fraction
        case .finished: return 4
        }
    }
}

/// The background loop that POSTs task states to their hook URLs. Only tasks with a hook are
/// visited, and only when their state moved forward since the last delivery.
struct CallbackDispatcher: Sendable {
    let sim: SimContext
    let renderers: [TaskFamily: any TaskRenderer]
    let client: HTTPClient
    let logger: Logger

    /// Runs until cancelled, checking every half tick (at least every 10 ms, at most every second).
    func run() async {
        let interval = min(max(sim.configuration.tick / 2, .milliseconds(10)), .seconds(1))
        while !Task.isCancelled {
            await deliverDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// Sends every callback that is due now, in parallel.
    func deliverDue() async {
        let now = Date()
        let due = await sim.state.hookTasks().compactMap { task, lastOrder -> (SimTask, TaskCallback)? in
            guard let renderer = renderers[task.family], let hook = task.hookURL, !hook.isEmpty else { return nil }
            let callback = renderer.callback(for: task, now: now)
            return callback.order > lastOrder ? (task, callback) : nil
        }
        await withTaskGroup(of: Void.self) { group in
            for (task, callback) in due {
                await sim.state.markDelivered(task.id, order: callback.order, final: callback.final)
                group.addTask { await post(callback.body, to: task.hookURL ?? "", taskID: task.id) }
            }
        }
    }

    private func post(_ body: JSONValue, to url: String, taskID: String) async {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "relay-sim")
        request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        do {
            let response = try await client.execute(request, timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 20)
            if !(200..<300).contains(response.status.code) {
                logger.warning("callback answered \(response.status.code)", metadata: ["task": "\(taskID)", "url": "\(url)"])
            }
        } catch {
            logger.warning("callback failed: \(error)", metadata: ["task": "\(taskID)", "url": "\(url)"])
        }
    }
}
