import Foundation
import Hummingbird

/// Img Open Stable Diffusion (Img Open seed): `POST /AIGCImgOpenServ/saas/sd/{v2|v3}/{text2image|image2image}`
/// answers `{"code":"200","msg":"success","data":{"task_id"}}`; the task is read back with
/// `POST /AIGCImgOpenServ/saas/task/progress` (live: status, percentage, preview) or
/// `/AIGCImgOpenServ/saas/task/detail` (archive), both `{"task_id":…}`, and `callbackUrl`
/// receives the same data object on every change. Auth: `X-Request-req-accessKeyId` / `…Secret`.
struct ImgOpenRoutes: TaskRenderer {
    let sim: SimContext

    static let root = "/AIGCImgOpenServ/saas"

    func register(_ table: inout RouteTable) {
        for version in ["v2", "v3"] {
            for kind in ["text2image", "image2image"] {
                table.add(.post, ["\(Self.root)/sd/\(version)/\(kind)"], family: .imgOpen, auth: .imgOpen) { request in
                    let task = try await submit(request, requiresImage: kind == "image2image")
                    return Reply.json(["code": "200", "msg": "success", "data": ["task_id": .string(task.id)]])
                }
            }
        }
        for path in ["task/progress", "task/detail"] {
            table.add(.post, ["\(Self.root)/\(path)"], family: .imgOpen, auth: .imgOpen) { request in
                guard let id = request.field("task_id") ?? request.field("taskId") else {
                    throw SimFailure.invalid("invalid_request", "task_id不能为空")
                }
                guard let task = await sim.state.task(id), task.family == .imgOpen, !task.lost else { throw SimFailure(.notFound) }
                return Reply.json(["code": "200", "msg": "success", "data": data(task, now: Date())])
            }
        }
    }

    private func submit(_ request: SimRequest, requiresImage: Bool) async throws -> SimTask {
        guard let prompt = request.field("prompt") else { throw SimFailure.invalid("invalid_request", "prompt不能为空") }
        if requiresImage && request.json?["init_images"]?.array?.isEmpty ?? true {
            throw SimFailure.invalid("invalid_request", "init_images不能为空")
        }
        let requested = request.json?["alwayson_scripts"]?["id_task"]?.text
        if let requested, await sim.state.task(requested) != nil {
            throw SimFailure.invalid("invalid_request", "task_id已存在")
        }
        let id: String
        if let requested { id = requested } else { id = "sim" + String(await sim.state.randomSeed()) }
        let failing = await sim.shouldFail(request)
        let count = max(1, request.json?["n_iter"]?.int ?? 1)
        let now = Date()
        let task = SimTask(
            id: id, family: .imgOpen, action: requiresImage ? "image2image" : "text2image", prompt: prompt, model: "sd",
            createdAt: now, startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "绘图失败 (sim:fail)" : nil, lost: request.magic.contains(.lost),
            hookURL: request.field("callbackUrl"), cost: Prices.sdImage * Double(count),
            details: [
                "width": .int(request.json?["width"]?.int ?? 512), "height": .int(request.json?["height"]?.int ?? 512),
                "n": .int(count),
            ])
        return try await sim.state.insert(task)
    }

    private func data(_ task: SimTask, now: Date) -> JSONValue {
        let phase = task.phase(sim.clock, now: now)
        let width = task.detail("width")?.int ?? 512, height = task.detail("height")?.int ?? 512
        let media = MediaURLs(sim: sim)
        let (status, progress): (String, Int)
        switch phase {
        case .queued: (status, progress) = ("QUEUED", 0)
        case .submitted: (status, progress) = ("RUNNING", 5)
        case .running(let fraction): (status, progress) = ("RUNNING", Int(fraction * 100))
        case .finished: (status, progress) = (task.failure == nil ? "SUCCESS" : "FAILED", 100)
        }
        let images: [JSONValue] = status == "SUCCESS"
            ? (0..<(task.detail("n")?.int ?? 1)).map { .string(media.image("sd-\(task.id)-\($0)", width: width, height: height)) } : []
        return [
            "task_id": .string(task.id), "status": .string(status), "progress": .int(progress),
            "current_image": status == "RUNNING" ? .string(media.image("sd-\(task.id)-preview-\(progress)", width: width, height: height)) : nil,
            "images": .array(images), "fail_reason": status == "FAILED" ? .optional(task.failure) : nil,
        ]
    }

    func callback(for task: SimTask, now: Date) -> TaskCallback {
        let phase = task.phase(sim.clock, now: now)
        return TaskCallback(
            order: TaskCallback.order(of: phase), final: phase == .finished,
            body: ["code": "200", "msg": "success", "data": data(task, now: now)])
    }
}
