import Foundation
import Hummingbird

/// MX drawing (MewXAI, KFC V50 seed): `POST /api/v1/mx/images/generate` answers
/// `{"code":0,"msg":"成功","data":{"img_uuid"}}`; `GET /api/v1/mx/images/{img_uuid}` reads the
/// task, and `callback_url` receives the same body on every change.
struct MXRoutes: TaskRenderer {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, ["/api/v1/mx/images/generate"], family: .mx) { request in
            let task = try await submit(request)
            return Reply.json(["code": 0, "msg": "成功", "data": ["img_uuid": .string(task.id)]])
        }
        table.add(.get, ["/api/v1/mx/images/{id}"], family: .mx) { request in
            guard let task = await sim.state.task(request.parameter("id")), task.family == .mx, !task.lost else {
                throw SimFailure(.notFound)
            }
            return Reply.json(body(task, now: Date()))
        }
    }

    /// Ratio code → aspect (1 = 1:1, 2 = 9:16, 3 = 16:9, others square).
    private static let ratios = [1: "1:1", 2: "9:16", 3: "16:9", 4: "3:4", 5: "4:3", 6: "2:3"]

    private func submit(_ request: SimRequest) async throws -> SimTask {
        let args = request.json?["args"]
        guard let prompt = args?["prompt"]?.text else { throw SimFailure.invalid("invalid_request", "prompt is required") }
        let failing = await sim.shouldFail(request)
        let now = Date()
        let task = SimTask(
            id: await sim.state.makeID(.uuid), family: .mx, action: "generate", prompt: prompt,
            model: args?["model"]?.text ?? "mx", createdAt: now, startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "生成失败 (sim:fail)" : nil, lost: request.magic.contains(.lost),
            hookURL: request.field("callback_url"), cost: Prices.sdImage,
            details: ["ratio": .string(Self.ratios[args?["ratio"]?.int ?? 1] ?? "1:1")])
        return try await sim.state.insert(task)
    }

    private func body(_ task: SimTask, now: Date) -> JSONValue {
        let phase = task.phase(sim.clock, now: now)
        let (status, progress): (String, Int)
        switch phase {
        case .queued: (status, progress) = ("waiting", 0)
        case .submitted: (status, progress) = ("generating", 5)
        case .running(let fraction): (status, progress) = ("generating", Int(fraction * 100))
        case .finished: (status, progress) = (task.failure == nil ? "success" : "failed", 100)
        }
        let (width, height) = MediaURLs.size(aspect: task.detail("ratio")?.string)
        return [
            "code": 0, "msg": "成功",
            "data": [
                "img_uuid": .string(task.id), "status": .string(status), "progress": .int(progress),
                "img_url": status == "success" ? .string(MediaURLs(sim: sim).image("mx-\(task.id)", width: width, height: height)) : nil,
                "fail_reason": status == "failed" ? .optional(task.failure) : nil,
            ],
        ]
    }

    func callback(for task: SimTask, now: Date) -> TaskCallback {
        let phase = task.phase(sim.clock, now: now)
        return TaskCallback(order: TaskCallback.order(of: phase), final: phase == .finished, body: body(task, now: now))
    }
}
