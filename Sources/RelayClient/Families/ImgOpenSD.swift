import Foundation

/// Img Open SD text-to-image (seed: `POST /AIGCImgOpenServ/saas/sd/v2/text2image`).
public struct ImgOpenSDRequest: Sendable {
    public var prompt: String
    public var negativePrompt: String?
    public var width: Int?
    public var height: Int?
    public var steps: Int?
    /// Sent as a string, as the doc's example does.
    public var seed: String?
    /// Images per run (`n_iter`).
    public var count: Int?
    public var cfgScale: Double?
    public var sampler: String?
    /// `alwayson_scripts.sd_model_checkpoint`.
    public var checkpoint: String?
    /// Where Img Open posts the result.
    public var callbackURL: String?
    /// `v2` (default) or `v3` of the route.
    public var version: String
    /// Other members (`enable_hr`, `alwayson_scripts`, …); an `alwayson_scripts` here replaces ours.
    public var extra: [String: JSONValue]

    public init(prompt: String, negativePrompt: String? = nil, width: Int? = nil, height: Int? = nil, steps: Int? = nil,
                seed: String? = nil, count: Int? = nil, cfgScale: Double? = nil, sampler: String? = nil,
                checkpoint: String? = nil, callbackURL: String? = nil, version: String = "v2",
                extra: [String: JSONValue] = [:]) {
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.width = width
        self.height = height
        self.steps = steps
        self.seed = seed
        self.count = count
        self.cfgScale = cfgScale
        self.sampler = sampler
        self.checkpoint = checkpoint
        self.callbackURL = callbackURL
        self.version = version
        self.extra = extra
    }

    var body: JSONValue {
        JSONValue.compact([
            ("prompt", .string(prompt)), ("negative_prompt", negativePrompt.json), ("width", width.json),
            ("height", height.json), ("steps", steps.json), ("seed", seed.json), ("n_iter", count.json),
            ("cfg_scale", cfgScale.json), ("sampler_index", sampler.json), ("callbackUrl", callbackURL.json),
            ("alwayson_scripts", checkpoint.map { ["sd_model_checkpoint": .string($0)] }),
        ]).merging(extra)
    }
}

/// Img Open SD: submit, task query, callback bodies. Envelope `{"code":"200","msg":…,"data":…}`.
struct ImgOpenSDFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: ImgOpenSDRequest, id: String) async throws -> RelayTask {
        let json = try await connection.post("/AIGCImgOpenServ/saas/sd/\(request.version)/text2image", request.body)
        let data = try Self.unwrap(json)
        guard let taskID = data["task_id"].string ?? data.string else {
            throw connection.unexpected("Img Open submit without a task id", json)
        }
        return RelayTask(id: id, providerTaskID: taskID, family: .imgOpenSD, operation: "text2image", kind: .image,
                         status: .submitted, rawResponse: connection.snapshot(json))
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let json = try await connection.post(connection.provider.options.imgOpenTaskQueryPath, ["task_id": .string(id)])
        var update = try Self.decodeTask(try Self.unwrap(json))
        update.providerTaskID = update.providerTaskID ?? id
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// Checks the envelope (`code` "200" or 200 or 0 is success) and returns `data`.
    static func unwrap(_ json: JSONValue) throws -> JSONValue {
        let code = json["code"].string ?? "200"
        guard code == "200" || code == "0" else {
            let message = json.first("msg", "message").string ?? "Img Open code \(code)"
            let status = Int(code) ?? 200
            let category = ErrorMapping.classify(message)
                ?? ((100..<600).contains(status) ? ErrorMapping.category(forStatus: status) : .upstreamFailure)
            throw RelayError(category, message, providerCode: code,
                             field: category == .invalidRequest ? ErrorMapping.fieldName(in: message) : nil)
        }
        return json["data"]
    }

    /// A task record (query answer or callback `data`): status, progress, image links.
    static func decodeTask(_ data: JSONValue) throws -> RelayTask {
        guard data.isObject else { throw RelayError(.invalidResponse, "the Img Open task is not an object") }
        let statusText = data.first("status", "task_status", "state").string ?? ""
        var status = VideoStatus.map(statusText)
        // Numeric states: 0 queued, 1 running, 2 done, 3 failed (CV status appendix style).
        if let number = Int(statusText) {
            status = [0: .queued, 1: .running, 2: .succeeded, 3: .failed][number] ?? .running
        }
        var task = RelayTask(id: "", providerTaskID: data.first("task_id", "id_task").string, family: .imgOpenSD, operation: "text2image",
                             kind: .image, status: status, progress: Lenient.progress(data["progress"]) ?? 0)
        let images = data.first("images", "image_urls", "imgs", "result").array
        if status == .succeeded {
            task.progress = 100
            task.outputs = images.compactMap { item in
                if let url = item.string, url.hasPrefix("http") { return TaskOutput(kind: .image, url: url) }
                if let url = item["url"].string { return TaskOutput(kind: .image, url: url) }
                if let b64 = item.string, let bytes = Data(base64Encoded: b64, options: .ignoreUnknownCharacters) {
                    return TaskOutput(kind: .image, data: bytes, mimeType: "image/" + (ImageSniffer.format(of: bytes) ?? "png"))
                }
                return nil
            }
            if task.outputs.isEmpty, let url = data.first("image_url", "url").string {
                task.outputs = [TaskOutput(kind: .image, url: url)]
            }
            task.finishedAt = Date()
        }
        if status == .failed { task.failure = NewAPITask.failure(data.first("fail_reason", "msg", "message", "error").string) }
        return task
    }
}
