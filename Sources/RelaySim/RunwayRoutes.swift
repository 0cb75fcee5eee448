import Foundation
import Hummingbird

/// Runway official API behind a relay (PROTOCOLS §7.3) under `/runwayml/v1` and `/runway/v1`:
/// PENDING → RUNNING (progress 0.1…0.9) → SUCCEEDED (`output[0]`) | FAILED (`failure`, `failureCode`).
/// `/runway/tasks/{id}` answers the older web shape `{"task":{…}}`.
struct RunwayRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        for prefix in ["/runwayml/v1", "/runway/v1"] {
            table.add(.post, [prefix + "/image_to_video"], family: .openAI) { request in
                Reply.json(["id": .string(try await submit(request).id)])
            }
            table.add(.get, [prefix + "/tasks/{id}"], family: .openAI) { request in
                Reply.json(view(try await visibleTask(request.parameter("id")), now: Date()))
            }
        }
        table.add(.get, ["/runway/tasks/{id}"], family: .openAI) { request in
            Reply.json(["task": view(try await visibleTask(request.parameter("id")), now: Date())])
        }
    }

    private func submit(_ request: SimRequest) async throws -> SimTask {
        let image = request.json?["promptImage"]
        guard image?.text != nil || !(image?.array ?? []).isEmpty else {
            throw SimFailure.invalid("invalid_request", "promptImage is required")
        }
        let duration = request.json?["duration"]?.int ?? 5
        guard duration == 5 || duration == 10 else { throw SimFailure.invalid("invalid_request", "duration must be 5 or 10") }
        let failing = await sim.shouldFail(request)
        let now = Date()
        let task = SimTask(
            id: await sim.state.makeID(.uuid), family: .runway, action: "image_to_video",
            prompt: request.field("promptText") ?? "", model: request.field("model") ?? "gen4_turbo", createdAt: now,
            startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "An unexpected error occurred (sim:fail)" : nil, lost: request.magic.contains(.lost),
            hookURL: nil, cost: Prices.video)
        return try await sim.state.insert(task)
    }

    private func visibleTask(_ id: String) async throws -> SimTask {
        guard let task = await sim.state.task(id), task.family == .runway, !task.lost else { throw SimFailure(.notFound) }
        return task
    }

    private func view(_ task: SimTask, now: Date) -> JSONValue {
        var value: JSONValue = ["id": .string(task.id), "createdAt": .string(task.createdAt.iso8601)]
        switch task.phase(sim.clock, now: now) {
        case .queued:
            value = value.merging(["status": "PENDING"])
        case .submitted:
            value = value.merging(["status": "RUNNING", "progress": 0.1])
        case .running(let fraction):
            value = value.merging(["status": "RUNNING", "progress": .double(min(0.9, max(0.1, (fraction * 10).rounded() / 10)))])
        case .finished where task.failure == nil:
            value = value.merging(["status": "SUCCEEDED", "output": [.string(MediaURLs(sim: sim).video("runway-\(task.id)"))]])
        case .finished:
            value = value.merging([
                "status": "FAILED", "failure": .optional(task.failure), "failureCode": "INTERNAL.BAD_OUTPUT.CODE01",
            ])
        }
        return value
    }
}
