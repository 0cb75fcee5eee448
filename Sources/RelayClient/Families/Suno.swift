import Foundation

/// A Suno submit in new-api's task format (PROTOCOLS §5.1).
public struct SunoRequest: Sendable {
    public enum Mode: Sendable, Hashable {
        /// Suno writes lyrics, style and title from a description.
        case inspiration(description: String)
        /// Your lyrics (`prompt`), style tags and title.
        case custom(lyrics: String, style: String?, title: String?)
        /// Continue a clip from `at` seconds.
        case extend(clipID: String, taskID: String, at: Double, lyrics: String?, style: String?, title: String?)
        /// Lyrics only.
        case lyrics(prompt: String)
    }

    public var mode: Mode
    public var instrumental: Bool
    /// `mv`: `chirp-v3-5`, `chirp-v4`, … (empty → the relay's default).
    public var model: String?
    public var notifyHook: String?

    public init(_ mode: Mode, instrumental: Bool = false, model: String? = nil, notifyHook: String? = nil) {
        self.mode = mode
        self.instrumental = instrumental
        self.model = model
        self.notifyHook = notifyHook
    }

    var isLyrics: Bool { if case .lyrics = mode { return true } else { return false } }

    var body: JSONValue {
        var members: [(String, JSONValue?)]
        switch mode {
        case .inspiration(let description):
            members = [("gpt_description_prompt", .string(description))]
        case .custom(let lyrics, let style, let title):
            members = [("prompt", .string(lyrics)), ("tags", style.json), ("title", title.json)]
        case .extend(let clipID, let taskID, let at, let lyrics, let style, let title):
            members = [("prompt", lyrics.json), ("tags", style.json), ("title", title.json),
                       ("continue_clip_id", .string(clipID)), ("task_id", .string(taskID)), ("continue_at", .double(at))]
        case .lyrics(let prompt):
            return .compact([("prompt", .string(prompt)), ("notify_hook", notifyHook.json)])
        }
        members += [("make_instrumental", .bool(instrumental)), ("mv", model.json), ("notify_hook", notifyHook.json)]
        return .compact(members)
    }
}

/// Suno over `/suno/submit/{music|lyrics}` and `/suno/fetch` (§5.1).
struct SunoFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: SunoRequest, id: String) async throws -> RelayTask {
        let action = request.isLyrics ? "lyrics" : "music"
        let json = try await connection.post("/suno/submit/\(action)", request.body)
        let data = try NewAPITask.unwrap(json)
        guard let providerID = data.string ?? data["task_id"].string ?? data["id"].string else {
            throw connection.unexpected("Suno submit without a task id", json)
        }
        return RelayTask(id: id, providerTaskID: providerID, family: .suno, operation: action,
                         kind: request.isLyrics ? .text : .audio, status: .submitted, rawResponse: connection.snapshot(json))
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let json = try await connection.get("/suno/fetch/\(MidjourneyFamily.escape(id))")
        var update = try Self.decodeFetch(try NewAPITask.unwrap(json), operation: task.operation)
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// `POST /suno/fetch {"ids":[…],"action":"MUSIC"|"LYRICS"}`, one call per action.
    func fetchMany(_ tasks: [RelayTask]) async throws -> [RelayTask] {
        var results: [String: RelayTask] = [:]
        for action in ["music", "lyrics"] {
            let group = tasks.filter { ($0.operation == "lyrics") == (action == "lyrics") && $0.providerTaskID != nil }
            guard !group.isEmpty else { continue }
            let body: JSONValue = ["ids": .array(group.compactMap(\.providerTaskID).map { .string($0) }),
                                   "action": .string(action.uppercased())]
            let json = try await connection.post("/suno/fetch", body)
            let items = try NewAPITask.unwrap(json)
            guard items.isArray else { throw connection.unexpected("Suno batch fetch is not a list", json) }
            for item in items.array {
                guard let update = try? Self.decodeFetch(item, operation: action), let pid = update.providerTaskID,
                      let original = group.first(where: { $0.providerTaskID == pid })
                else { continue }
                var merged = original.merged(with: update)
                merged.rawResponse = connection.snapshot(item)
                results[original.id] = merged
            }
        }
        return tasks.compactMap { results[$0.id] }
    }

    /// Reads a TaskDto (or a bare clip list / lyrics object from a Suno-API backend).
    static func decodeFetch(_ data: JSONValue, operation: String) throws -> RelayTask {
        if data.isArray {
            // Bare Suno-API: `data` is the clip list itself.
            return fromClips(data.array, dto: nil, operation: operation)
        }
        guard data.isObject else { throw RelayError(.invalidResponse, "the Suno task is not an object") }
        let dto = NewAPITask(dto: data)
        let upstream = dto.upstream
        if upstream.isArray { return fromClips(upstream.array, dto: dto, operation: operation) }
        if upstream.isObject, upstream["text"].isPresent || (dto.action ?? "").uppercased() == "LYRICS" || operation == "lyrics" {
            return fromLyrics(upstream, dto: dto)
        }
        var task = RelayTask(id: "", providerTaskID: dto.taskID, family: .suno, operation: (dto.action ?? operation).lowercased(),
                             kind: .audio, status: dto.status, progress: dto.progress, finishedAt: dto.finishedAt)
        if dto.status == .failed { task.failure = NewAPITask.failure(dto.failReason) }
        if dto.status == .succeeded, let url = dto.resultURL { task.outputs = [TaskOutput(kind: .audio, url: url)] }
        return task
    }

    static func fromClips(_ clips: [JSONValue], dto: NewAPITask?, operation: String) -> RelayTask {
        let clipStates = clips.map { clipStatus($0.first("status", "state").string ?? "") }
        let status = dto?.status ?? leastAdvanced(clipStates)
        var task = RelayTask(id: "", providerTaskID: dto?.taskID, family: .suno, operation: (dto?.action ?? operation).lowercased(),
                             kind: .audio, status: status, progress: dto?.progress ?? (status == .succeeded ? 100 : 0),
                             finishedAt: dto?.finishedAt)
        if status == .succeeded {
            task.outputs = clips.compactMap(output(clip:))
            if task.outputs.isEmpty, let url = dto?.resultURL { task.outputs = [TaskOutput(kind: .audio, url: url)] }
        }
        if status == .failed {
            let clipError = clips.lazy.compactMap { $0["metadata"]["error_message"].string ?? $0["msg"].string }.first
            task.failure = NewAPITask.failure(dto?.failReason ?? clipError)
        }
        return task
    }

    static func fromLyrics(_ lyrics: JSONValue, dto: NewAPITask) -> RelayTask {
        var status = dto.status
        if let clip = lyrics["status"].string, status != .failed {
            let s = clipStatus(clip)
            if s == .succeeded || s == .failed { status = s }
        }
        var task = RelayTask(id: "", providerTaskID: dto.taskID, family: .suno, operation: "lyrics", kind: .text, status: status,
                             progress: status == .succeeded ? 100 : dto.progress, finishedAt: dto.finishedAt)
        if status == .succeeded, let text = lyrics["text"].string {
            task.outputs = [TaskOutput(kind: .text, text: text, mimeType: "text/plain", title: lyrics["title"].string,
                                       providerID: lyrics["id"].string)]
        }
        if status == .failed { task.failure = NewAPITask.failure(dto.failReason ?? lyrics["error_message"].string) }
        return task
    }

    /// A clip read defensively (§5.1: `id`/`clip_id`, `status`/`state`, `metadata.duration`/`duration`).
    static func output(clip: JSONValue) -> TaskOutput? {
        guard let audio = clip.first("audio_url", "audio").string else { return nil }
        let metadata = clip["metadata"]
        return TaskOutput(kind: .audio, url: audio, text: metadata["prompt"].string ?? clip["prompt"].string,
                          mimeType: MIMEType.guess(fromURL: audio) ?? "audio/mpeg",
                          duration: Lenient.seconds(metadata["duration"]) ?? Lenient.seconds(clip["duration"]),
                          title: clip["title"].string, coverURL: clip.first("image_large_url", "image_url").string,
                          providerID: clip.first("id", "clip_id").string)
    }

    static func clipStatus(_ text: String) -> TaskStatus {
        switch text.lowercased() {
        case "submitted", "queued", "pending", "": return .queued
        case "streaming", "running", "processing": return .running
        case "complete", "completed", "succeeded", "success": return .succeeded
        case "error", "failed": return .failed
        default: return NewAPITask.status(text)
        }
    }

    /// With several clips the task is as far as its slowest clip; any failure fails it.
    static func leastAdvanced(_ states: [TaskStatus]) -> TaskStatus {
        guard !states.isEmpty else { return .queued }
        if states.contains(.failed) { return .failed }
        if states.allSatisfy({ $0 == .succeeded }) { return .succeeded }
        if states.contains(.running) || states.contains(.succeeded) { return .running }
        return .queued
    }
}
