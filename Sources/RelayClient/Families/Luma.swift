import Foundation

/// A Luma generation in the relays' "web" format (PROTOCOLS §7.1).
public struct LumaRequest: Sendable {
    public enum Operation: Sendable, Hashable {
        case generate
        /// Continue an earlier generation.
        case extend(generationID: String)
    }

    public var operation: Operation
    public var prompt: String
    public var aspectRatio: String?
    public var expandPrompt: Bool?
    public var loop: Bool?
    /// First frame (URL or base64).
    public var imageURL: String?
    /// Last frame.
    public var imageEndURL: String?
    /// `ray-v1` | `ray-v2`.
    public var model: String?
    public var resolution: String?
    /// `"5s"`.
    public var duration: String?
    public var notifyHook: String?

    public init(_ operation: Operation = .generate, prompt: String, aspectRatio: String? = nil, expandPrompt: Bool? = nil,
                loop: Bool? = nil, imageURL: String? = nil, imageEndURL: String? = nil, model: String? = nil,
                resolution: String? = nil, duration: String? = nil, notifyHook: String? = nil) {
        self.operation = operation
        self.prompt = prompt
        self.aspectRatio = aspectRatio
        self.expandPrompt = expandPrompt
        self.loop = loop
        self.imageURL = imageURL
        self.imageEndURL = imageEndURL
        self.model = model
        self.resolution = resolution
        self.duration = duration
        self.notifyHook = notifyHook
    }

    var body: JSONValue {
        .compact([
            ("user_prompt", .string(prompt)), ("aspect_ratio", aspectRatio.json), ("expand_prompt", expandPrompt.json),
            ("loop", loop.json), ("image_url", imageURL.json), ("image_end_url", imageEndURL.json),
            ("model_name", model.json), ("resolution", resolution.json), ("duration", duration.json),
            ("notify_hook", notifyHook.json),
        ])
    }
}

/// Luma `/luma/generations` (generate, extend, query).
struct LumaFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: LumaRequest, id: String) async throws -> RelayTask {
        let path: String
        let operation: String
        switch request.operation {
        case .generate:
            path = "/luma/generations"
            operation = "generate"
        case .extend(let generationID):
            path = "/luma/generations/\(MidjourneyFamily.escape(generationID))/extend"
            operation = "extend"
        }
        let json = try await connection.post(path, request.body)
        // Some relays wrap the generation in an array (DY reads `d.id ?? d[0].id`).
        let generation = json.isArray ? json[0] : json
        guard let providerID = generation["id"].string else {
            throw connection.unexpected("Luma submit without an id", json)
        }
        var task = RelayTask(id: id, providerTaskID: providerID, family: .luma, operation: operation, kind: .video,
                             status: .submitted, rawResponse: connection.snapshot(json))
        if VideoStatus.map(generation["state"].string ?? "") == .failed {
            task.status = .failed
            task.failure = NewAPITask.failure(generation["failure_reason"].string)
        }
        return task
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let json = try await connection.get("/luma/generations/\(MidjourneyFamily.escape(id))")
        var update = Self.decodeGeneration(json.isArray ? json[0] : json)
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// Reads a generation (web format, or the official `assets` format).
    static func decodeGeneration(_ json: JSONValue) -> RelayTask {
        let status = VideoStatus.map(json["state"].string ?? "")
        var task = RelayTask(id: "", providerTaskID: json["id"].string, family: .luma, operation: "", kind: .video, status: status)
        if status == .succeeded {
            let video = json["video"]
            // download_url is the watermark-free file; url the watermarked one (§7.1).
            let url = video["download_url"].string ?? video["url"].string ?? json["assets"]["video"].string
            if let url {
                task.progress = 100
                task.outputs = [TaskOutput(kind: .video, url: url, mimeType: "video/mp4",
                                           coverURL: video["thumbnail"].string ?? json["thumbnail"]["url"].string
                                               ?? json["assets"]["image"].string,
                                           width: video["width"].int, height: video["height"].int)]
                task.finishedAt = Date()
            } else {
                // "completed but no link yet" (DY): keep polling.
                task.status = .running
                task.progress = 99
            }
        }
        if status == .failed { task.failure = NewAPITask.failure(json["failure_reason"].string) }
        if let created = Lenient.date(json["created_at"]) { task.createdAt = created }
        return task
    }
}
