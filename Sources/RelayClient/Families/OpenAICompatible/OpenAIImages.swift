import Foundation

/// An image generation request (PROTOCOLS §2.3), or an edit when `images` is not empty (§2.4).
public struct ImageRequest: Sendable {
    public var model: String
    public var prompt: String
    public var n: Int?
    public var size: String?
    public var quality: String?
    /// `url` or `b64_json`.
    public var responseFormat: String?
    public var style: String?
    /// Source images: when present the request goes to `/v1/images/edits` as multipart.
    public var images: [UploadFile]
    public var mask: UploadFile?
    /// Answer over `/v1/chat/completions` (NO.1 API `stable-diffusion`, Flux chat format). When nil
    /// the provider's model list decides.
    public var viaChat: Bool?
    /// Other body members (`aspect_ratio`, `background`, …).
    public var extra: [String: JSONValue]

    public init(model: String, prompt: String, n: Int? = nil, size: String? = nil, quality: String? = nil,
                responseFormat: String? = nil, style: String? = nil, images: [UploadFile] = [], mask: UploadFile? = nil,
                viaChat: Bool? = nil, extra: [String: JSONValue] = [:]) {
        self.model = model
        self.prompt = prompt
        self.n = n
        self.size = size
        self.quality = quality
        self.responseFormat = responseFormat
        self.style = style
        self.images = images
        self.mask = mask
        self.viaChat = viaChat
        self.extra = extra
    }
}

/// Image generation and edits; synchronous, so they return a finished task.
struct OpenAIImages: Sendable {
    let connection: RelayConnection

    func generate(_ request: ImageRequest) async throws -> RelayTask {
        let viaChat = request.viaChat ?? connection.provider.model(request.model)?.imageViaChat ?? false
        if viaChat { return try await generateViaChat(request) }
        if !request.images.isEmpty { return try await edit(request) }
        let body = JSONValue.compact([
            ("model", .string(request.model)), ("prompt", .string(request.prompt)), ("n", request.n.json),
            ("size", request.size.json), ("quality", request.quality.json),
            ("response_format", request.responseFormat.json), ("style", request.style.json),
        ]).merging(request.extra)
        let json = try await connection.post("/v1/images/generations", body, timeout: 300)
        return try decodeImages(json, operation: "images.generations")
    }

    func edit(_ request: ImageRequest) async throws -> RelayTask {
        var form = MultipartForm()
        form.add("model", request.model)
        form.add("prompt", request.prompt)
        form.add("n", request.n.map(String.init))
        form.add("size", request.size)
        form.add("quality", request.quality)
        form.add("response_format", request.responseFormat)
        for (key, value) in request.extra.sorted(by: { $0.key < $1.key }) { form.add(key, value.string ?? value.serialized()) }
        let fieldName = request.images.count > 1 ? "image[]" : "image"
        for image in request.images { form.add(fieldName, file: image) }
        if let mask = request.mask { form.add("mask", file: mask) }
        let http = connection.request("POST", "/v1/images/edits", body: form.finished(), contentType: form.contentType,
                                      timeout: 300)
        let json = try await connection.send(http)
        return try decodeImages(json, operation: "images.edits")
    }

    func decodeImages(_ json: JSONValue, operation: String) throws -> RelayTask {
        let outputs = try Self.outputs(json)
        return RelayTask(family: .openAI, operation: operation, kind: .image, status: .succeeded, progress: 100,
                         outputs: outputs, rawResponse: connection.snapshot(json), finishedAt: Date())
    }

    /// `data[]` items with `url` or `b64_json` ("" is absent).
    static func outputs(_ json: JSONValue) throws -> [TaskOutput] {
        let format = json["output_format"].string
        let outputs = json["data"].array.compactMap { item -> TaskOutput? in
            if let url = item["url"].string { return TaskOutput(kind: .image, url: url, text: item["revised_prompt"].string) }
            if let b64 = item["b64_json"].string, let bytes = Data(base64Encoded: b64, options: .ignoreUnknownCharacters) {
                return TaskOutput(kind: .image, data: bytes, text: item["revised_prompt"].string,
                                  mimeType: "image/" + (format ?? ImageSniffer.format(of: bytes) ?? "png"))
            }
            return nil
        }
        guard !outputs.isEmpty else { throw RelayError(.invalidResponse, "the image answer has no url or b64_json") }
        return outputs
    }

    func generateViaChat(_ request: ImageRequest) async throws -> RelayTask {
        let chat = ChatRequest(model: request.model, messages: [.user(request.prompt)], extra: request.extra)
        let json = try await connection.post("/v1/chat/completions", chat.body(stream: false), timeout: 300)
        let completion = try OpenAIChat.decodeCompletion(json)
        // A whole answer with no image in it is a plain failure, not a lost answer.
        guard !completion.images.isEmpty else {
            throw RelayError(.upstreamFailure, "the provider answered without an image: " + String(completion.content.prefix(500)))
        }
        return RelayTask(family: .openAI, operation: "chat.image", kind: .image, status: .succeeded, progress: 100,
                         outputs: completion.images, rawResponse: connection.snapshot(json), finishedAt: Date())
    }
}

/// Recognizes common image formats by their first bytes.
enum ImageSniffer {
    static func format(of data: Data) -> String? {
        let head = [UInt8](data.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if head.count >= 12, head[0...3] == [0x52, 0x49, 0x46, 0x46], head[8...11] == [0x57, 0x45, 0x42, 0x50] { return "webp" }
        if head.starts(with: [0x47, 0x49, 0x46]) { return "gif" }
        return nil
    }
}
