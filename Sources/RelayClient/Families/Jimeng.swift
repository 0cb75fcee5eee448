import Foundation

/// A Jimeng (Volcengine CV) text-to-image call, as YunApi documents it: synchronous, base64 or URLs.
public struct JimengRequest: Sendable {
    public var prompt: String
    /// Algorithm name; the doc's fixed value is `high_aes_general_v21_L`.
    public var reqKey: String
    public var modelVersion: String?
    public var seed: Int?
    /// 1–10, default 3.5.
    public var scale: Double?
    /// 256–768.
    public var width: Int?
    public var height: Int?
    /// Ask for links (`image_urls`) besides/instead of base64.
    public var returnURL: Bool
    /// Super-resolution.
    public var useSR: Bool?
    /// Prompt expansion.
    public var usePreLLM: Bool?
    /// Other members (`logo_info`, `ddim_steps`, …).
    public var extra: [String: JSONValue]

    public init(prompt: String, reqKey: String = "high_aes_general_v21_L", modelVersion: String? = "general_v2.1_L",
                seed: Int? = nil, scale: Double? = nil, width: Int? = nil, height: Int? = nil, returnURL: Bool = true,
                useSR: Bool? = nil, usePreLLM: Bool? = nil, extra: [String: JSONValue] = [:]) {
        self.prompt = prompt
        self.reqKey = reqKey
        self.modelVersion = modelVersion
        self.seed = seed
        self.scale = scale
        self.width = width
        self.height = height
        self.returnURL = returnURL
        self.useSR = useSR
        self.usePreLLM = usePreLLM
        self.extra = extra
    }

    var body: JSONValue {
        JSONValue.compact([
            ("req_key", .string(reqKey)), ("prompt", .string(prompt)), ("model_version", modelVersion.json),
            ("seed", seed.json), ("scale", scale.json), ("width", width.json), ("height", height.json),
            ("use_sr", useSR.json), ("use_pre_llm", usePreLLM.json), ("return_url", .bool(returnURL)),
        ]).merging(extra)
    }
}

/// `POST /volcv?Action=CVProcess&Version=2022-08-31`; answers with the images at once.
struct JimengFamily: Sendable {
    let connection: RelayConnection
    static let path = "/volcv?Action=CVProcess&Version=2022-08-31"

    func generate(_ request: JimengRequest, id: String) async throws -> RelayTask {
        let json = try await connection.post(Self.path, request.body, timeout: 300)
        var task = try Self.decode(json)
        task.id = id
        task.rawResponse = connection.snapshot(json)
        return task
    }

    /// `{"code":10000,"data":{"binary_data_base64":[…],"image_urls":[…]},"message":"Success"}`.
    static func decode(_ json: JSONValue) throws -> RelayTask {
        let code = json["code"].int ?? json["status"].int ?? 0
        guard code == 10000 else { throw error(code: code, message: json["message"].string ?? "Jimeng code \(code)") }
        let data = json["data"]
        var outputs = data["image_urls"].array.compactMap { $0.string.map { TaskOutput(kind: .image, url: $0) } }
        if outputs.isEmpty {
            outputs = data["binary_data_base64"].array.compactMap { item in
                guard let b64 = item.string, let bytes = Data(base64Encoded: b64, options: .ignoreUnknownCharacters) else { return nil }
                return TaskOutput(kind: .image, data: bytes, mimeType: "image/" + (ImageSniffer.format(of: bytes) ?? "png"))
            }
        }
        // A whole answer with no image in it is a plain failure, not a lost answer.
        guard !outputs.isEmpty else { throw RelayError(.upstreamFailure, "the provider answered without an image") }
        return RelayTask(id: "", providerTaskID: data["request_id"].string ?? json["request_id"].string, family: .jimeng,
                         operation: "text2image", kind: .image, status: .succeeded, progress: 100, outputs: outputs,
                         finishedAt: Date())
    }

    /// Volcengine CV codes: 504xx input problems (50411–50413 and 50511–50512 are risk-control
    /// rejections), 50429/50430 limits, 505xx server errors.
    static func error(code: Int, message: String, httpStatus: Int? = nil) -> RelayError {
        let category: RelayErrorCategory
        switch code {
        case 50411, 50412, 50413, 50511, 50512: category = .contentRejected
        case 50429, 50430: category = .rateLimited
        case 50401: category = .unauthorized
        case 50403: category = ErrorMapping.classify(message) ?? .unauthorized
        case 50404: category = .notFound
        case 50400, 50402...50499: category = ErrorMapping.classify(message) ?? .invalidRequest
        case 50500...50599: category = .upstreamFailure
        default: category = ErrorMapping.classify(message) ?? .upstreamFailure
        }
        return RelayError(category, message, httpStatus: httpStatus, providerCode: String(code),
                          field: category == .invalidRequest ? ErrorMapping.fieldName(in: message) : nil)
    }
}
