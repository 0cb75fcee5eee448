import Foundation
import Hummingbird

/// Kling under `/kling/v1/...` (PROTOCOLS §6): native envelope (`code` 0, `task_status`
/// submitted → processing → succeed/failed, ms timestamps, `callback_url`) or, in new-api mode,
/// an OpenAI video object on submit and a TaskDto wrapper on fetch.
struct KlingRoutes: TaskRenderer {
    let sim: SimContext

    /// Submit path → task action.
    static let endpoints = [
        "/kling/v1/images/generations": "images",
        "/kling/v1/videos/text2video": "text2video",
        "/kling/v1/videos/image2video": "image2video",
    ]

    private var native: Bool { sim.configuration.klingMode == .native }

    func register(_ table: inout RouteTable) {
        let family: ErrorFamily = native ? .kling : .task
        for (path, action) in Self.endpoints {
            table.add(.post, [path], family: family) { request in try await submit(request, action: action) }
            table.add(.get, [path + "/{id}"], family: family) { request in
                guard let task = await sim.state.task(request.parameter("id")), task.family == .kling, !task.lost else {
                    throw SimFailure(.notFound)
                }
                let now = Date()
                if native {
                    return Reply.json(envelope(data(task, now: now), requestID: request.requestID))
                }
                return Reply.json(TaskDto.success(dto(task, now: now)))
            }
        }
    }

    private func submit(_ request: SimRequest, action: String) async throws -> Response {
        let json = request.json ?? [:]
        let prompt = json["prompt"]?.text
        if action == "image2video" {
            guard json["image"]?.text != nil else { throw SimFailure.invalid("invalid_request", "image is required") }
        } else if prompt == nil {
            throw SimFailure.invalid("invalid_request", "prompt is required")
        }
        let count = json["n"]?.int ?? 1
        guard action != "images" || (1...9).contains(count) else {
            throw SimFailure.invalid("invalid_request", "n must be between 1 and 9")
        }
        let state = sim.state
        let failing = await sim.shouldFail(request)
        let id = native ? await state.makeID(.kling) : await state.makeID(.newAPI)
        let now = Date()
        let model = json["model_name"]?.text ?? json["model"]?.text ?? "kling-v1"
        let task = SimTask(
            id: id, family: .kling, action: action, prompt: prompt ?? "", model: model, createdAt: now, startedAt: now,
            steps: await sim.state.stepsForNewTask(), failure: failing ? "Generation failed: simulated failure (sim:fail)" : nil,
            lost: request.magic.contains(.lost), hookURL: json["callback_url"]?.text,
            cost: action == "images" ? Prices.klingImage * Double(count) : Prices.video,
            details: [
                "n": .int(count), "aspect_ratio": .string(json["aspect_ratio"]?.text ?? "16:9"),
                "duration": .string(json["duration"]?.string ?? "5"),
                "external_task_id": .string(json["external_task_id"]?.text ?? ""),
            ])
        _ = try await state.insert(task)
        if native {
            return Reply.json(envelope(data(task, now: now), requestID: request.requestID))
        }
        return Reply.json([
            "id": .string(id), "task_id": .string(id), "object": "video", "model": .string(model), "status": "queued",
            "progress": 0, "created_at": .int(now.unixSeconds),
        ])
    }

    private func envelope(_ data: JSONValue, requestID: String) -> JSONValue {
        ["code": 0, "message": "SUCCEED", "request_id": .string(requestID), "data": data]
    }

    /// Native task status at `now`.
    static func status(_ phase: TaskPhase, failed: Bool) -> String {
        switch phase {
        case .queued, .submitted: return "submitted"
        case .running: return "processing"
        case .finished: return failed ? "failed" : "succeed"
        }
    }

    /// The native `data` object of submit, fetch and callbacks (PROTOCOLS §6.4, §6.6).
    func data(_ task: SimTask, now: Date) -> JSONValue {
        let clock = sim.clock
        let phase = task.phase(clock, now: now)
        let failed = phase == .finished && task.failure != nil
        let status = Self.status(phase, failed: failed)
        let updated = clock.time(ofTick: min(task.ticks(clock, now: now), task.steps), from: task.startedAt)
        var value: JSONValue = [
            "task_id": .string(task.id), "task_status": .string(status), "task_status_msg": .string(failed ? task.failure ?? "" : ""),
            "task_info": ["external_task_id": task.detail("external_task_id") ?? ""],
            "created_at": .int(task.createdAt.unixMilliseconds), "updated_at": .int(updated.unixMilliseconds),
        ]
        if status == "succeed" {
            value = value.merging(["final_unit_deduction": "1", "watermark_info": ["enabled": false], "task_result": result(task)])
        }
        return value
    }

    private func result(_ task: SimTask) -> JSONValue {
        let media = MediaURLs(sim: sim)
        if task.action == "images" {
            let (width, height) = MediaURLs.size(aspect: task.detail("aspect_ratio")?.string)
            let count = task.detail("n")?.int ?? 1
            return ["images": .array((0..<count).map { index in
                let url = media.image("kling-\(task.id)-\(index)", width: width, height: height)
                return ["index": .int(index), "url": .string(url), "watermark_url": .string(url)]
            })]
        }
        let url = media.video("kling-\(task.id)")
        return ["videos": [["id": .string(StableHash.uuid(task.id)), "url": .string(url), "watermark_url": .string(url),
                            "duration": .string(task.detail("duration")?.string == "10" ? "10.1" : "5.1")]]]
    }

    /// new-api mode fetch: TaskDto with the native object in `data`.
    func dto(_ task: SimTask, now: Date) -> JSONValue {
        let native = data(task, now: now)
        let phase = task.phase(sim.clock, now: now)
        let (status, progress): (String, String)
        switch phase {
        case .queued: (status, progress) = ("NOT_START", "0%")
        case .submitted: (status, progress) = ("SUBMITTED", "10%")
        case .running: (status, progress) = ("IN_PROGRESS", "30%")
        case .finished: (status, progress) = (task.failure == nil ? "SUCCESS" : "FAILURE", "100%")
        }
        let url = native["task_result"]?["videos"]?.array?.first?["url"]?.string
            ?? native["task_result"]?["images"]?.array?.first?["url"]?.string ?? ""
        return TaskDto(
            task: task, platform: "50", status: status, progress: progress, resultURL: url,
            failReason: status == "FAILURE" ? task.failure ?? "" : "", data: native
        ).object(clock: sim.clock, now: now)
    }

    func callback(for task: SimTask, now: Date) -> TaskCallback {
        let phase = task.phase(sim.clock, now: now)
        let order: Double
        switch phase {
        case .queued, .submitted: order = 0
        case .running: order = 1
        case .finished: order = 2
        }
        return TaskCallback(order: order, final: phase == .finished, body: data(task, now: now))
    }
}
