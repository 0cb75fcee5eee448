import Foundation
import Hummingbird

/// Suno, both shapes (PROTOCOLS §5): S1 new-api tasks (`/suno/submit/{music|lyrics}`,
/// `/suno/fetch`) and S2 studio pass-through (`/suno/generate`, `/suno/feed/{ids}`, lyrics).
/// A music task yields two clips; lyrics finish after one tick.
struct SunoRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.post, ["/suno/submit/{action}"], family: .task) { request in
            switch request.parameter("action").lowercased() {
            case "music":
                let task = try await submitMusic(request, id: await sim.state.makeID(.newAPI))
                return Reply.json(TaskDto.success(.string(task.id)))
            case "lyrics":
                let task = try await submitLyrics(request, id: await sim.state.makeID(.newAPI))
                return Reply.json(TaskDto.success(.string(task.id)))
            default:
                throw SimFailure.invalid("invalid_request", "invalid_action")
            }
        }
        table.add(.get, ["/suno/fetch/{id}"], family: .task) { request in
            guard let task = await visibleTask(request.parameter("id")) else { throw SimFailure(.notFound) }
            return Reply.json(TaskDto.success(dto(task, now: Date())))
        }
        table.add(.post, ["/suno/fetch"], family: .task) { request in
            let now = Date()
            var items: [JSONValue] = []
            for id in request.json?["ids"]?.array?.compactMap(\.string) ?? [] {
                if let task = await visibleTask(id) { items.append(dto(task, now: now)) }
            }
            return Reply.json(TaskDto.success(.array(items)))
        }
        for path in ["/suno/generate", "/suno/generate/description-mode"] {
            table.add(.post, [path], family: .openAI) { request in
                let task = try await submitMusic(request, id: await sim.state.makeID(.uuid))
                let now = Date()
                return Reply.json([
                    "id": .string(task.id), "clips": .array((0..<2).map { clip(task, index: $0, now: now) }),
                    "metadata": [:], "major_model_version": "v4", "status": "complete",
                    "created_at": .string(task.createdAt.iso8601), "batch_size": 2,
                ])
            }
        }
        table.add(.get, ["/suno/feed/{ids}"], family: .openAI) { request in
            let now = Date()
            var clips: [JSONValue] = []
            for id in request.parameter("ids").split(separator: ",").map(String.init) {
                guard let task = await visibleTask(id), task.action == "MUSIC" else { continue }
                let index = (0..<2).first { Self.clipID(task, $0) == id } ?? 0
                clips.append(clip(task, index: index, now: now))
            }
            return Reply.json(.array(clips))
        }
        table.add(.post, ["/suno/generate/lyrics", "/suno/generate/lyrics/"], family: .openAI) { request in
            let task = try await submitLyrics(request, id: await sim.state.makeID(.uuid))
            return Reply.json(["id": .string(task.id)])
        }
        table.add(.get, ["/suno/lyrics/{id}"], family: .openAI) { request in
            guard let task = await visibleTask(request.parameter("id")), task.action == "LYRICS" else {
                throw SimFailure(.notFound)
            }
            let lyrics = self.lyrics(task, now: Date())
            return Reply.json(["text": lyrics["text"] ?? "", "title": lyrics["title"] ?? "", "status": lyrics["status"] ?? ""])
        }
    }

    // MARK: Submissions

    private func submitMusic(_ request: SimRequest, id: String) async throws -> SimTask {
        let json = request.json ?? [:]
        let description = json["gpt_description_prompt"]?.text
        let lyrics = json["prompt"]?.text
        guard description != nil || lyrics != nil || json["tags"]?.text != nil else {
            throw SimFailure.invalid("invalid_request", "prompt is required")
        }
        if json["continue_clip_id"]?.text != nil && json["task_id"]?.text == nil {
            throw SimFailure.invalid("invalid_request", "task_id is empty")
        }
        let title = json["title"]?.text ?? "Simulated song: " + (description ?? lyrics ?? "untitled").split(separator: " ").prefix(4).joined(separator: " ")
        let failing = await sim.shouldFail(request)
        let now = Date()
        let task = SimTask(
            id: id, family: .suno, action: "MUSIC", prompt: lyrics ?? description ?? "", model: json["mv"]?.text ?? "chirp-v3-0",
            createdAt: now, startedAt: now, steps: await sim.state.stepsForNewTask(),
            failure: failing ? "Unable to generate this song (sim:fail)" : nil, lost: request.magic.contains(.lost),
            hookURL: nil, cost: Prices.sunoMusic,
            details: [
                "title": .string(title), "tags": .string(json["tags"]?.text ?? "pop, simulated"),
                "gpt_description_prompt": .optional(description), "instrumental": .bool(json["make_instrumental"]?.bool ?? false),
            ])
        let stored = try await sim.state.insert(task)
        for index in 0..<2 { await sim.state.addAlias(Self.clipID(stored, index), for: stored.id) }
        return stored
    }

    private func submitLyrics(_ request: SimRequest, id: String) async throws -> SimTask {
        guard let prompt = request.field("prompt") else { throw SimFailure.invalid("prompt_empty") }
        let failing = await sim.shouldFail(request)
        let now = Date()
        let task = SimTask(
            id: id, family: .suno, action: "LYRICS", prompt: prompt, model: "suno_lyrics", createdAt: now, startedAt: now,
            steps: min(1, sim.configuration.stepsToFinish), failure: failing ? "Lyrics generation failed (sim:fail)" : nil,
            lost: request.magic.contains(.lost), hookURL: nil, cost: Prices.sunoLyrics)
        return try await sim.state.insert(task)
    }

    private func visibleTask(_ id: String) async -> SimTask? {
        guard let task = await sim.state.task(id), task.family == .suno, !task.lost else { return nil }
        return task
    }

    // MARK: Views

    private func dto(_ task: SimTask, now: Date) -> JSONValue {
        let phase = task.phase(sim.clock, now: now)
        let failed = phase == .finished && task.failure != nil
        let status: String
        switch phase {
        case .queued: status = "NOT_START"
        case .submitted: status = "SUBMITTED"
        case .running: status = "IN_PROGRESS"
        case .finished: status = failed ? "FAILURE" : "SUCCESS"
        }
        let data: JSONValue = task.action == "LYRICS" ? lyrics(task, now: now) : .array((0..<2).map { clip(task, index: $0, now: now) })
        return TaskDto(
            task: task, platform: "suno", status: status, progress: phase == .finished ? "100%" : "0%", resultURL: "",
            failReason: failed ? task.failure ?? "" : "", data: data
        ).object(clock: sim.clock, now: now)
    }

    static func clipID(_ task: SimTask, _ index: Int) -> String { StableHash.uuid(task.id + "-clip\(index)") }

    /// One clip in the studio shape (SA `SunoSong`).
    private func clip(_ task: SimTask, index: Int, now: Date) -> JSONValue {
        let id = Self.clipID(task, index)
        let phase = task.phase(sim.clock, now: now)
        let status: String
        switch phase {
        case .queued: status = "submitted"
        case .submitted: status = "queued"
        case .running: status = "streaming"
        case .finished: status = task.failure == nil ? "complete" : "error"
        }
        let media = MediaURLs(sim: sim)
        let complete = status == "complete"
        let audio = status == "streaming" || complete ? media.audio("suno-\(id)") : ""
        let title = task.detail("title")?.string ?? ""
        return [
            "id": .string(id), "title": .string(index == 0 ? title : title + " (take 2)"), "status": .string(status),
            "audio_url": .string(audio), "video_url": .string(complete ? media.video("suno-\(id)") : ""),
            "image_url": .string(complete ? media.image("suno-\(id)", width: 512, height: 512) : ""),
            "image_large_url": .string(complete ? media.image("suno-large-\(id)") : ""),
            "model_name": .string(task.model), "major_model_version": "v4", "is_video_pending": false,
            "created_at": .string(task.createdAt.iso8601), "duration": complete ? 2.0 : nil,
            "metadata": [
                "tags": task.detail("tags") ?? "", "prompt": .string(task.prompt),
                "gpt_description_prompt": task.detail("gpt_description_prompt") ?? nil, "duration": complete ? 2.0 : nil,
                "type": "gen", "stream": true, "error_type": status == "error" ? "sim_failure" : nil,
                "error_message": status == "error" ? .optional(task.failure) : nil,
            ],
        ]
    }

    private func lyrics(_ task: SimTask, now: Date) -> JSONValue {
        let finished = task.phase(sim.clock, now: now) == .finished
        let status = finished ? (task.failure == nil ? "complete" : "error") : "running"
        let words = task.prompt.split(separator: " ").prefix(6).joined(separator: " ")
        let text = finished && task.failure == nil
            ? "[Verse]\n\(words)\nSimulated lines for a simulated song\n\n[Chorus]\n\(words), oh \(words)" : ""
        return [
            "id": .string(task.id), "status": .string(status), "title": .string(finished ? "Song about \(words)" : ""),
            "text": .string(text),
        ]
    }
}
