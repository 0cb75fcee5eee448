import Foundation

/// A video task on the generic routes (PROTOCOLS §7.4–7.6).
public struct VideoRequest: Sendable {
    public enum Route: String, Sendable, CaseIterable {
        /// new-api `POST /v1/video/generations`, `GET /v1/video/generations/{id}`.
        case generations
        /// yunwu-style `POST /v1/video/create`, `GET /v1/video/query?id=`.
        case create
        /// OpenAI `POST /v1/videos`, `GET /v1/videos/{id}` (Sora style).
        case openAIVideos
    }

    public var route: Route
    public var model: String
    public var prompt: String
    /// Reference images (URLs or data URIs).
    public var images: [String]
    /// `1280x720` etc.
    public var size: String?
    /// Seconds.
    public var duration: Int?
    /// `16:9` etc. (the `create` route).
    public var aspectRatio: String?
    /// Provider-specific keys merged upstream by new-api (`negative_prompt`, `aspectRatio`, …).
    public var metadata: [String: JSONValue]
    /// Other top-level members.
    public var extra: [String: JSONValue]

    public init(route: Route = .generations, model: String, prompt: String, images: [String] = [], size: String? = nil,
                duration: Int? = nil, aspectRatio: String? = nil, metadata: [String: JSONValue] = [:],
                extra: [String: JSONValue] = [:]) {
        self.route = route
        self.model = model
        self.prompt = prompt
        self.images = images
        self.size = size
        self.duration = duration
        self.aspectRatio = aspectRatio
        self.metadata = metadata
        self.extra = extra
    }

    var body: JSONValue {
        let imageList: JSONValue? = images.isEmpty ? nil : .array(images.map { .string($0) })
        switch route {
        case .generations:
            return JSONValue.compact([
                ("model", .string(model)), ("prompt", .string(prompt)), ("image", images.first.json), ("images", imageList),
                ("size", size.json), ("duration", duration.json),
                ("metadata", metadata.isEmpty ? nil : JSONValue.object([]).merging(metadata)),
            ]).merging(extra)
        case .create:
            return JSONValue.compact([
                ("model", .string(model)), ("prompt", .string(prompt)), ("images", imageList), ("size", size.json),
                ("aspect_ratio", aspectRatio.json), ("duration", duration.json),
            ]).merging(metadata).merging(extra)
        case .openAIVideos:
            return JSONValue.compact([
                ("model", .string(model)), ("prompt", .string(prompt)), ("size", size.json),
                ("seconds", duration.map { .string(String($0)) }),
                ("input_reference", images.first.map { ["image_url": .string($0)] }),
            ]).merging(extra)
        }
    }
}

/// The unified video task routes; the route used is kept on the task for polling.
struct UnifiedVideoFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: VideoRequest, id: String) async throws -> RelayTask {
        let path: String
        switch request.route {
        case .generations: path = "/v1/video/generations"
        case .create: path = "/v1/video/create"
        case .openAIVideos: path = "/v1/videos"
        }
        let json = try await connection.post(path, request.body)
        var task = try Self.decodeSubmit(json, route: request.route)
        task.id = id
        task.rawResponse = connection.snapshot(json)
        return task
    }

    static func decodeSubmit(_ json: JSONValue, route: VideoRequest.Route) throws -> RelayTask {
        let body = (json["code"].string == "success" && json["data"].isObject) ? json["data"] : json
        if case .string(let code) = json["code"], code != "success" {
            throw ErrorMapping.taskEnvelope(code: code, message: json["message"].string ?? "", status: 200)
        }
        guard let taskID = body.first("task_id", "id").string else {
            throw RelayError(.invalidResponse, "the video submit answer has no task id")
        }
        var task = RelayTask(id: "", providerTaskID: taskID, family: .unifiedVideo, operation: route.rawValue, kind: .video,
                             status: .submitted, route: ["route": route.rawValue])
        if let status = body["status"].string, VideoStatus.map(status) == .failed {
            task.status = .failed
            task.failure = NewAPITask.failure(body["error"]["message"].string ?? body["error"].string)
        }
        return task
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let route = VideoRequest.Route(rawValue: task.route["route"] ?? "") ?? .generations
        let escaped = MidjourneyFamily.escape(id)
        let json: JSONValue
        switch route {
        case .generations: json = try await connection.get("/v1/video/generations/\(escaped)")
        case .create:
            let query = id.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+:")))
                ?? id
            json = try await connection.get("/v1/video/query?id=\(query)")
        case .openAIVideos: json = try await connection.get("/v1/videos/\(escaped)")
        }
        var update = try Self.decodeFetch(json, contentURL: connection.url("/v1/videos/\(escaped)/content"))
        update.providerTaskID = id  // the yunwu query may drop the id's prefix (§7.6)
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// Reads any of the three fetch shapes: TaskDto wrapper, flat `{task_id,status,url}` (Veo
    /// realtime / openapi doc), yunwu `{status, video_url}`, or an OpenAI video object.
    static func decodeFetch(_ json: JSONValue, contentURL: String) throws -> RelayTask {
        if case .string(let code) = json["code"], code != "success" {
            throw ErrorMapping.taskEnvelope(code: code, message: json["message"].string ?? "", status: 200)
        }
        let body = json["code"].isPresent && json["data"].isObject ? json["data"] : json
        if case .string(let statusText) = body["status"], statusText == statusText.uppercased(), statusText.contains("_")
            || ["SUCCESS", "FAILURE", "UNKNOWN", "QUEUED", "SUBMITTED"].contains(statusText)
        {
            // TaskDto: upper-case new-api states.
            let dto = NewAPITask(dto: body)
            var task = RelayTask(id: "", providerTaskID: dto.taskID, family: .unifiedVideo, operation: "", kind: .video,
                                 status: dto.status, progress: dto.progress, finishedAt: dto.finishedAt)
            if dto.status == .succeeded {
                task.outputs = [TaskOutput(kind: .video, url: dto.resultURL ?? contentURL)]
            }
            if dto.status == .failed { task.failure = NewAPITask.failure(dto.failReason) }
            return task
        }
        let status = VideoStatus.map(body["status"].string ?? "")
        var task = RelayTask(id: "", providerTaskID: body.first("task_id", "id").string, family: .unifiedVideo, operation: "",
                             kind: .video, status: status, progress: Lenient.progress(body["progress"]) ?? 0)
        if status == .succeeded {
            task.progress = 100
            let url = body.first("video_url", "url", "result_url").string ?? body["metadata"]["url"].string
                ?? (body["object"].string == "video" ? contentURL : nil)
            if let url {
                task.outputs = [TaskOutput(kind: .video, url: url, mimeType: body["format"].string.map { "video/\($0)" },
                                           duration: Lenient.seconds(body["seconds"]))]
            } else {
                // Finished but no link yet: keep polling.
                task.status = .running
                task.progress = 99
            }
            task.finishedAt = Lenient.date(body.first("completed_at", "status_update_time"))
        }
        if status == .failed {
            let error = body["error"]
            task.failure = NewAPITask.failure(error["message"].string ?? error.string ?? body["fail_reason"].string)
        }
        return task
    }
}
