import Foundation

/// MX drawing (KFC V50 seed: `POST /api/v1/mx/images/generate`); results arrive by callback.
public struct MXDrawingRequest: Sendable {
    public var prompt: String
    /// Model id from the provider's model list.
    public var model: String
    /// 1 = 1:1, 2 = 9:16, 3 = 16:9 (the doc also lists 4–6).
    public var ratio: Int
    /// 1 HD (1 point), 2 ultra HD (2 points), 3 ultra HD repair (6 points), 4 repair beta (4 points).
    public var upscaler: Int
    public var negativePrompt: String?
    public var seed: Int?
    public var fixFaces: Bool?
    public var initImageURL: String?
    public var callbackURL: String?
    /// Other `args` members (`cfg_scale`, `extra_model`, `audit`, …).
    public var extraArgs: [String: JSONValue]

    public init(prompt: String, model: String, ratio: Int = 1, upscaler: Int = 1, negativePrompt: String? = nil,
                seed: Int? = nil, fixFaces: Bool? = nil, initImageURL: String? = nil, callbackURL: String? = nil,
                extraArgs: [String: JSONValue] = [:]) {
        self.prompt = prompt
        self.model = model
        self.ratio = ratio
        self.upscaler = upscaler
        self.negativePrompt = negativePrompt
        self.seed = seed
        self.fixFaces = fixFaces
        self.initImageURL = initImageURL
        self.callbackURL = callbackURL
        self.extraArgs = extraArgs
    }

    var body: JSONValue {
        let args = JSONValue.compact([
            ("ratio", .int(ratio)), ("prompt", .string(prompt)), ("model", .string(model)), ("upscaler", .int(upscaler)),
            ("negative_prompt", negativePrompt.json), ("seed", seed.json), ("fix_faces", fixFaces.json),
            ("init_img_url", initImageURL.json),
        ]).merging(extraArgs)
        return .compact([("args", args), ("type", "default"), ("callback_url", callbackURL.json)])
    }

    /// The price-table item for this request's quality level.
    public var priceItem: String { "mx-upscaler-\(upscaler)" }
}

/// MX drawing: submit → `img_uuid`; the result comes by callback (or the detail query).
struct MXDrawingFamily: Sendable {
    let connection: RelayConnection

    func submit(_ request: MXDrawingRequest, id: String) async throws -> RelayTask {
        let json = try await connection.post("/api/v1/mx/images/generate", request.body)
        let data = try Self.unwrap(json)
        guard let uuid = data["img_uuid"].string else { throw connection.unexpected("MX submit without img_uuid", json) }
        return RelayTask(id: id, providerTaskID: uuid, family: .mxDrawing, operation: "generate", kind: .image,
                         status: .submitted, rawResponse: connection.snapshot(json))
    }

    func fetch(_ task: RelayTask) async throws -> RelayTask {
        guard let id = task.providerTaskID else { throw RelayError(.invalidRequest, "the task has no provider id", field: "providerTaskID") }
        let path = connection.provider.options.mxDetailPath.replacingOccurrences(of: "{id}", with: MidjourneyFamily.escape(id))
        let json = try await connection.get(path)
        var update = try Self.decodeTask(try Self.unwrap(json))
        update.providerTaskID = update.providerTaskID ?? id
        update.rawResponse = connection.snapshot(json)
        return task.merged(with: update)
    }

    /// `{"code":0,"msg":"成功","data":…}`: code 0 (number or string) is success.
    static func unwrap(_ json: JSONValue) throws -> JSONValue {
        let code = json["code"].int ?? 0
        guard code == 0 else {
            let message = json.first("msg", "message").string ?? "MX code \(code)"
            throw RelayError(ErrorMapping.classify(message) ?? .upstreamFailure, message, providerCode: String(code))
        }
        return json["data"]
    }

    /// A result record (callback `data` or detail): `img_uuid`, status, image links.
    static func decodeTask(_ data: JSONValue) throws -> RelayTask {
        guard data.isObject else { throw RelayError(.invalidResponse, "the MX result is not an object") }
        let statusValue = data.first("status", "state")
        var status: TaskStatus
        if case .number = statusValue, let n = statusValue.int {
            status = [0: .queued, 1: .running, 2: .succeeded, 3: .failed, -1: .failed][n] ?? .running
        } else {
            status = VideoStatus.map(statusValue.string ?? "")
        }
        let urls = (data.first("images", "img_urls", "image_urls").array.compactMap { $0.string ?? $0["url"].string })
            + [data.first("img_url", "image_url", "url").string].compactMap { $0 }
        if statusValue.isNull, !urls.isEmpty { status = .succeeded }
        var task = RelayTask(id: "", providerTaskID: data.first("img_uuid", "uuid").string, family: .mxDrawing, operation: "generate",
                             kind: .image, status: status, progress: status == .succeeded ? 100 : 0)
        if status == .succeeded {
            task.outputs = urls.map { TaskOutput(kind: .image, url: $0) }
            task.finishedAt = Date()
        }
        if status == .failed { task.failure = NewAPITask.failure(data.first("fail_reason", "msg", "message").string) }
        return task
    }
}
