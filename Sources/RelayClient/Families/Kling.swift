import Foundation

/// A Kling submit (PROTOCOLS §6.3), sent to `/kling/v1/…` as the official body.
public struct KlingRequest: Sendable {
    public enum Endpoint: String, Sendable, CaseIterable {
        case imageGeneration = "images/generations"
        case textToVideo = "videos/text2video"
        case imageToVideo = "videos/image2video"
    }

    public var endpoint: Endpoint
    /// `model_name` (`kling-v1`, `kling-v1-6`, …); nil leaves the provider default.
    public var model: String?
    public var prompt: String
    public var negativePrompt: String?
    /// Reference or first-frame image: a URL or raw base64 (no `data:` prefix).
    public var image: String?
    /// Last frame for image-to-video.
    public var imageTail: String?
    public var aspectRatio: String?
    /// Video length in seconds, sent as a string (`"5"`, `"10"`).
    public var duration: String?
    /// `std` or `pro`.
    public var mode: String?
    /// Number of images (1–9) for image generation.
    public var n: Int?
    public var cfgScale: Double?
    public var callbackURL: String?
    /// Other members (`camera_control`, `image_fidelity`, …).
    public var extra: [String: JSONValue]

    public init(endpoint: Endpoint, model: String? = nil, prompt: String, negativePrompt: String? = nil,
                image: String? = nil, imageTail: String? = nil, aspectRatio: String? = nil, duration: String? = nil,
                mode: String? = nil, n: Int? = nil, cfgScale: Double? = nil, callbackURL: String? = nil,
                extra: [String: JSONValue] = [:]) {
        self.endpoint = endpoint
        self.model = model
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.image = image
        self.imageTail = imageTail
        self.aspectRatio = aspectRatio
        self.duration = duration
        self.mode = mode
        self.n = n
        self.cfgScale = cfgScale
        self.callbackURL = callbackURL
        self.extra = extra
    }

    var body: JSONValue {
        JSONValue.compact([
            ("model_name", model.json), ("prompt", .string(prompt)), ("negative_prompt", negativePrompt.json),
            ("image", image.json), ("image_tail", imageTail.json), ("aspect_ratio", aspectRatio.json),
            ("duration", duration.json), ("mode", mode.json), ("n", n.json), ("cfg_scale", cfgScale.json),
            ("callback_url", callbackURL.json),
        ]).merging(extra)
    }

    var kind: OutputKind { endpoint == .imageGeneration ? .image : .video }
}

/// Kling through a relay, native pass-through or new-api wrapped (§6.1): the answer's shape
/// decides, and the endpoint is kept in the task's route for polling.
struct KlingFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: KlingRequest, id: String) async throws -> RelayTask {
        let json = try await connection.post("/kling/v1/\(request.endpoint.rawValue)", request.body)
        var task = try Self.decodeSubmit(json, endpoint: request.endpoint)
        task.id = id
        task.rawResponse = connection.snapshot(json)
        return task
    }

    static func decodeSubmit(_ json: JSONValue, endpoint: KlingRequest.Endpoint) throws -> RelayTask {
        let kind: OutputKind = endpoint == .imageGeneration ? .image : .video
        let route = ["endpoint": endpoint.rawValue]
        if let code = json["code"].int, code != 0 {
            throw ErrorMapping.kling(code: code, message: json["message"].string ?? "", status: 200)
        }
        if let taskID = json["data"]["task_id"].string {
            return RelayTask(id: "", providerTaskID: taskID, family: .kling, operation: endpoint.rawValue, kind: kind,
                             status: .submitted, route: route)
        }
        if let taskID = json.first("task_id", "id").string {
            // new-api: an OpenAI video object (or, mid-2025, just a task_id).
            return RelayTask(id: "", providerTaskID: taskID, family: .kling, operation: endpoint.rawValue, kind: kind,
                             status: .submitted, progress: Lenient.progress(json["progress"]) ?? 0, route: route)
        }
        throw RelayError(.invalidResponse, "the Kling submit answer has no task id")
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let endpoint = task.route["endpoint"] ?? (task.kind == .image ? KlingRequest.Endpoint.imageGeneration.rawValue
                                                                          : KlingRequest.Endpoint.textToVideo.rawValue)
        let json = try await connection.get("/kling/v1/\(endpoint)/\(MidjourneyFamily.escape(id))")
        var update = try Self.decodeFetch(json, kind: task.kind)
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// Reads a native fetch (`data.task_status`) or a new-api TaskDto wrapper.
    static func decodeFetch(_ json: JSONValue, kind: OutputKind) throws -> RelayTask {
        if case .string = json["code"] {
            let dto = NewAPITask(dto: try NewAPITask.unwrap(json))
            var task: RelayTask
            if dto.upstream["data"]["task_status"].isPresent || dto.upstream["task_status"].isPresent {
                // The raw Kling body rides along: read outputs from it.
                let native = dto.upstream["data"].isObject ? dto.upstream["data"] : dto.upstream
                task = fromNative(native, kind: kind)
                task.status = dto.status == .queued && task.status != .queued ? task.status : dto.status
            } else {
                task = RelayTask(id: "", family: .kling, operation: "", kind: kind, status: dto.status)
            }
            task.providerTaskID = dto.taskID
            task.progress = dto.progress
            if dto.status == .succeeded, task.outputs.isEmpty, let url = dto.resultURL {
                task.outputs = [TaskOutput(kind: kind, url: url)]
            }
            if dto.status == .failed { task.failure = NewAPITask.failure(dto.failReason ?? task.failure?.message) }
            if dto.status != .failed { task.failure = nil }
            return task
        }
        if let code = json["code"].int, code != 0 {
            throw ErrorMapping.kling(code: code, message: json["message"].string ?? "", status: 200)
        }
        guard json["data"].isObject else { throw RelayError(.invalidResponse, "the Kling task has no data") }
        return fromNative(json["data"], kind: kind)
    }

    /// Reads the official `data` object (also a callback body, §6.6).
    static func fromNative(_ data: JSONValue, kind: OutputKind) -> RelayTask {
        let status: TaskStatus
        switch (data["task_status"].string ?? "").lowercased() {
        case "submitted", "": status = .queued
        case "processing": status = .running
        case "succeed", "success", "succeeded": status = .succeeded
        case "failed": status = .failed
        default: status = .running
        }
        var task = RelayTask(id: "", providerTaskID: data["task_id"].string, family: .kling, operation: "", kind: kind,
                             status: status, progress: status == .succeeded ? 100 : 0)
        if status == .succeeded {
            let result = data["task_result"]
            task.outputs = result["videos"].array.compactMap { video in
                video["url"].string.map { TaskOutput(kind: .video, url: $0, duration: Lenient.seconds(video["duration"]),
                                                     providerID: video["id"].string) }
            } + result["images"].array.compactMap { image in
                image["url"].string.map { TaskOutput(kind: .image, url: $0) }
            }
            task.finishedAt = Lenient.date(data["updated_at"])
        }
        if status == .failed { task.failure = NewAPITask.failure(data["task_status_msg"].string) }
        if let updated = Lenient.date(data["updated_at"]) { task.updatedAt = updated }
        return task
    }
}
