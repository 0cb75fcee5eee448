import Foundation
import Hummingbird

/// Luma, relay "web" format (PROTOCOLS §7.1): `/luma/generations`, `/{id}/extend`, `GET /{id}`.
/// pending → processing → completed (`video.download_url` appears one tick later) | failed.
struct LumaRoutes: TaskRenderer {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, ["/luma/generations"], family: .openAI) { request in
            Reply.json(generation(try await submit(request, parent: nil), now: Date()))
        }
        table.add(.post, ["/luma/generations/{id}/extend"], family: .openAI) { request in
            let parent = try await visibleTask(request.parameter("id"))
            guard state(parent, now: Date()) == "completed" else {
                throw SimFailure.invalid("invalid_request", "the generation to extend is not completed")
            }
            return Reply.json(generation(try await submit(request, parent: parent.id), now: Date()))
        }
        table.add(.get, ["/luma/generations/{id}"], family: .openAI) { request in
            Reply.json(generation(try await visibleTask(request.parameter("id")), now: Date()))
        }
    }

    private func submit(_ request: SimRequest, parent: String?) async throws -> SimTask {
        guard let prompt = request.field("user_prompt") else { throw SimFailure.invalid("invalid_request", "user_prompt is required") }
        let failing = await sim.shouldFail(request)
        let now = Date()
        let task = SimTask(
            id: await sim.state.makeID(.uuid), family: .luma, action: parent == nil ? "generate" : "extend", prompt: prompt,
            model: request.field("model_name") ?? "ray-v2", createdAt: now, startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "Generation failed (sim:fail)" : nil, lost: request.magic.contains(.lost),
            hookURL: request.field("notify_hook"), cost: Prices.video,
            details: ["aspect_ratio": .string(request.field("aspect_ratio") ?? "16:9"), "parent": .optional(parent)])
        return try await sim.state.insert(task)
    }

    private func visibleTask(_ id: String) async throws -> SimTask {
        guard let task = await sim.state.task(id), task.family == .luma, !task.lost else { throw SimFailure(.notFound) }
        return task
    }

    private func state(_ task: SimTask, now: Date) -> String {
        switch task.phase(sim.clock, now: now) {
        case .queued: return "pending"
        case .submitted, .running: return "processing"
        case .finished: return task.failure == nil ? "completed" : "failed"
        }
    }

    /// True once the no-watermark link is there (one tick after completion).
    private func hasDownload(_ task: SimTask, now: Date) -> Bool {
        state(task, now: now) == "completed" && task.ticks(sim.clock, now: now) >= task.steps + 1
    }

    func generation(_ task: SimTask, now: Date) -> JSONValue {
        let state = state(task, now: now)
        let (width, height) = MediaURLs.size(aspect: task.detail("aspect_ratio")?.string)
        let media = MediaURLs(sim: sim)
        let completed = state == "completed"
        let watermarked = media.video("luma-\(task.id)-watermarked")
        let thumbnail = media.image("luma-\(task.id)-thumb", width: width, height: height)
        func frame(_ url: String) -> JSONValue { ["url": .string(url), "width": .int(width), "height": .int(height)] }
        return [
            "id": .string(task.id), "prompt": .string(task.prompt), "state": .string(state), "queue_state": nil,
            "created_at": .string(task.createdAt.iso8601), "batch_id": "", "liked": nil, "user_id": "",
            "estimate_wait_seconds": state == "pending" ? .int(Int(sim.configuration.tick.seconds * Double(task.steps))) : nil,
            "video": completed
                ? ["url": .string(watermarked), "width": .int(width), "height": .int(height), "thumbnail": .string(thumbnail),
                   "download_url": hasDownload(task, now: now) ? .string(media.video("luma-\(task.id)")) : nil] : nil,
            "video_raw": completed ? frame(media.video("luma-\(task.id)-raw")) : nil,
            "thumbnail": completed ? frame(thumbnail) : nil,
            "last_frame": completed ? frame(media.image("luma-\(task.id)-last", width: width, height: height)) : nil,
            "failure_reason": state == "failed" ? .optional(task.failure) : nil,
        ]
    }

    func callback(for task: SimTask, now: Date) -> TaskCallback {
        let order: Double
        switch state(task, now: now) {
        case "pending": order = 0
        case "processing": order = 1
        case "completed": order = hasDownload(task, now: now) ? 3 : 2
        default: order = 3
        }
        return TaskCallback(order: order, final: order == 3, body: generation(task, now: now))
    }
}
