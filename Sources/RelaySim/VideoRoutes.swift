import Foundation
import Hummingbird

/// The generic video task APIs (PROTOCOLS §7.4–7.6): new-api's `/v1/video/generations` (TaskDto
/// fetch, or the flat realtime shape for Veo), the Sora-style `/v1/videos` with `/content`, and the
/// yunwu-style `/v1/video/create` + `/v1/video/query?id=`.
struct VideoRoutes {
    let sim: SimContext

    /// The TaskDto stages before the final state (PROTOCOLS §7.4).
    static let stages: [(status: String, progress: Int)] = [
        ("NOT_START", 0), ("SUBMITTED", 10), ("QUEUED", 20), ("IN_PROGRESS", 30),
    ]

    func register(_ table: inout RouteTable) {
        table.add(.post, ["/v1/video/generations"], family: .task) { request in
            let task = try await submit(request, requireKnownModel: true)
            return Reply.json(videoObject(task, now: task.createdAt))
        }
        table.add(.get, ["/v1/video/generations/{id}"], family: .task) { request in
            let task = try await visibleTask(request.parameter("id"))
            let now = Date()
            return Reply.json(TaskDto.success(task.model.hasPrefix("veo") ? realtime(task, now: now) : dto(task, now: now)))
        }
        table.add(.post, ["/v1/videos"], family: .openAI) { request in
            let task = try await submit(request, requireKnownModel: true, defaultModel: "sora-2")
            return Reply.json(videoObject(task, now: task.createdAt))
        }
        table.add(.get, ["/v1/videos/{id}"], family: .openAI) { request in
            Reply.json(videoObject(try await visibleTask(request.parameter("id")), now: Date()))
        }
        table.add(.get, ["/v1/videos/{id}/content"], family: .openAI) { request in
            let task = try await visibleTask(request.parameter("id"))
            guard unified(task, now: Date()).status == "SUCCESS" else {
                throw SimFailure.invalid("invalid_request", "the video is not ready (status \(unified(task, now: Date()).status))")
            }
            return Reply.bytes(SampleVideo.mp4, contentType: "video/mp4")
        }
        table.add(.post, ["/v1/video/create"], family: .openAI) { request in
            let model = request.field("model") ?? ""
            let task = try await submit(request, requireKnownModel: false, id: "\(model):\(await sim.state.makeID(.uuid))")
            return Reply.json(["id": .string(task.id), "status": "pending", "status_update_time": .int(task.createdAt.unixMilliseconds)])
        }
        table.add(.get, ["/v1/video/query"], family: .openAI) { request in
            guard let id = request.query["id"], !id.isEmpty else { throw SimFailure.invalid("invalid_request", "id is required") }
            return Reply.json(yunwu(try await visibleTask(id), now: Date()))
        }
    }

    private func submit(
        _ request: SimRequest, requireKnownModel: Bool, defaultModel: String? = nil, id: String? = nil
    ) async throws -> SimTask {
        let multipart = MultipartForm(contentType: request.header("Content-Type"), body: request.body)
        func value(_ name: String) -> String? { request.json?[name]?.text ?? multipart?.value(name) }
        guard let model = value("model") ?? defaultModel, !model.isEmpty else {
            throw SimFailure.invalid("invalid_request", "model is required")
        }
        if requireKnownModel && !ModelCatalog.isVideo(model) { throw SimFailure(.modelNotFound(model)) }
        guard let prompt = value("prompt") else { throw SimFailure.invalid("invalid_request", "prompt is required") }
        if let duration = request.json?["duration"]?.int ?? value("seconds").flatMap({ Int($0) }), !(0...3600).contains(duration) {
            throw SimFailure.invalid("invalid_seconds", "duration must be between 0 and 3600")
        }
        let hasImage = value("image") != nil || !(request.json?["images"]?.array ?? []).isEmpty
            || !(multipart?.files("input_reference").isEmpty ?? true)
        let failing = await sim.shouldFail(request)
        let now = Date()
        let taskID: String
        if let id { taskID = id } else { taskID = await sim.state.makeID(.newAPI) }
        let task = SimTask(
            id: taskID, family: .video, action: hasImage ? "generate" : "textGenerate", prompt: prompt, model: model,
            createdAt: now, startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "video generation failed: simulated failure (sim:fail)" : nil,
            lost: request.magic.contains(.lost), hookURL: nil, cost: Prices.video,
            details: [
                "seconds": .string(value("seconds") ?? request.json?["duration"]?.string ?? "5"),
                "size": .string(value("size") ?? "1280x720"),
            ])
        let stored = try await sim.state.insert(task)
        if let colon = taskID.firstIndex(of: ":") {
            await sim.state.addAlias(String(taskID[taskID.index(after: colon)...]), for: taskID)
        }
        return stored
    }

    private func visibleTask(_ id: String) async throws -> SimTask {
        guard let task = await sim.state.task(id), task.family == .video, !task.lost else { throw SimFailure(.notFound) }
        return task
    }

    /// The unified status and progress at `now`.
    private func unified(_ task: SimTask, now: Date) -> (status: String, progress: Int) {
        let clock = sim.clock
        if let stage = clock.stage(ticks: task.ticks(clock, now: now), count: Self.stages.count), task.steps > 0 {
            return Self.stages[stage]
        }
        return task.failure == nil ? ("SUCCESS", 100) : ("FAILURE", 100)
    }

    /// Where the finished video is: a direct URL (Kling-like) or the relay proxy for Sora/Veo.
    private func resultURL(_ task: SimTask) -> String {
        task.model.hasPrefix("sora") || task.model.hasPrefix("veo")
            ? sim.url("/v1/videos/\(task.id)/content") : MediaURLs(sim: sim).video("video-\(task.id)")
    }

    private func dto(_ task: SimTask, now: Date) -> JSONValue {
        let (status, progress) = unified(task, now: now)
        let raw: JSONValue = ModelCatalog.kling.contains(task.model) ? KlingRoutes(sim: sim).data(task, now: now) : [:]
        return TaskDto(
            task: task, platform: ModelCatalog.kling.contains(task.model) ? "50" : "video", status: status,
            progress: "\(progress)%", resultURL: status == "SUCCESS" ? resultURL(task) : "",
            failReason: status == "FAILURE" ? task.failure ?? "" : "", data: raw
        ).object(clock: sim.clock, now: now)
    }

    /// The flat realtime shape of Gemini/Vertex (Veo) fetches.
    private func realtime(_ task: SimTask, now: Date) -> JSONValue {
        let (status, _) = unified(task, now: now)
        let simple = ["NOT_START": "queued", "SUBMITTED": "queued", "QUEUED": "queued", "IN_PROGRESS": "processing",
                      "SUCCESS": "succeeded", "FAILURE": "failed"][status] ?? "processing"
        return [
            "task_id": .string(task.id), "status": .string(simple), "url": .string(status == "SUCCESS" ? resultURL(task) : ""),
            "format": "mp4", "metadata": nil,
            "error": status == "FAILURE" ? ["code": "generation_failed", "message": .optional(task.failure)] : nil,
        ]
    }

    /// The OpenAI video object (PROTOCOLS §7.5).
    private func videoObject(_ task: SimTask, now: Date) -> JSONValue {
        let (status, progress) = unified(task, now: now)
        let simple = ["SUCCESS": "completed", "FAILURE": "failed", "IN_PROGRESS": "in_progress"][status] ?? "queued"
        let finished = task.finishedAt(sim.clock, now: now)?.unixSeconds
        return [
            "id": .string(task.id), "task_id": .string(task.id), "object": "video", "model": .string(task.model),
            "status": .string(simple), "progress": .int(progress), "created_at": .int(task.createdAt.unixSeconds),
            "completed_at": status == "SUCCESS" ? finished.map(JSONValue.int) ?? nil : nil, "expires_at": nil,
            "seconds": task.detail("seconds") ?? "5", "size": task.detail("size") ?? "1280x720",
            "remixed_from_video_id": nil,
            "error": status == "FAILURE" ? ["code": "generation_failed", "message": .optional(task.failure)] : nil,
            "metadata": status == "SUCCESS" ? ["url": .string(resultURL(task))] : nil,
        ]
    }

    /// The yunwu unified shape: pending → processing → success | failed.
    private func yunwu(_ task: SimTask, now: Date) -> JSONValue {
        let clock = sim.clock
        let phase = task.phase(clock, now: now)
        let status: String
        switch phase {
        case .queued: status = "pending"
        case .submitted, .running: status = "processing"
        case .finished: status = task.failure == nil ? "success" : "failed"
        }
        let changed = clock.time(ofTick: min(task.ticks(clock, now: now), task.steps), from: task.startedAt)
        let bareID = task.id.split(separator: ":", maxSplits: 1).last.map(String.init) ?? task.id
        return [
            "id": .string(bareID), "status": .string(status),
            "video_url": status == "success" ? .string(MediaURLs(sim: sim).video("video-\(task.id)")) : nil,
            "enhanced_prompt": .string(task.prompt), "status_update_time": .int(changed.unixMilliseconds),
            "error": status == "failed" ? .optional(task.failure) : nil,
        ]
    }
}
