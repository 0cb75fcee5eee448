import Foundation

/// Text to speech (PROTOCOLS §2.5).
public struct SpeechRequest: Sendable {
    public var model: String
    public var input: String
    public var voice: String
    /// `mp3` (default), `opus`, `aac`, `flac`, `wav`, `pcm`.
    public var format: String?
    public var speed: Double?
    public var instructions: String?

    public init(model: String, input: String, voice: String, format: String? = nil, speed: Double? = nil,
                instructions: String? = nil) {
        self.model = model
        self.input = input
        self.voice = voice
        self.format = format
        self.speed = speed
        self.instructions = instructions
    }
}

/// Speech to text (§2.6).
public struct TranscriptionRequest: Sendable {
    public var model: String
    public var file: UploadFile
    public var language: String?
    public var prompt: String?
    /// `/v1/audio/translations` instead of `/v1/audio/transcriptions`.
    public var translate: Bool

    public init(model: String, file: UploadFile, language: String? = nil, prompt: String? = nil, translate: Bool = false) {
        self.model = model
        self.file = file
        self.language = language
        self.prompt = prompt
        self.translate = translate
    }
}

/// A transcript.
public struct Transcription: Sendable, Hashable {
    public var text: String
    public var language: String?
    /// Seconds of audio, for `verbose_json`.
    public var duration: Double?
}

/// `/v1/audio/speech` and `/v1/audio/transcriptions`.
struct OpenAIAudio: Sendable {
    let connection: RelayConnection

    func speech(_ request: SpeechRequest) async throws -> RelayTask {
        let body = JSONValue.compact([
            ("model", .string(request.model)), ("input", .string(request.input)), ("voice", .string(request.voice)),
            ("response_format", request.format.json), ("speed", request.speed.json),
            ("instructions", request.instructions.json),
        ])
        let http = connection.request("POST", "/v1/audio/speech", json: body, timeout: 300)
        let response = try await connection.sendRaw(http)
        let type = response.header("Content-Type") ?? "audio/mpeg"
        if type.contains("json") {
            // A JSON answer to a speech request is an error in a 200 envelope, or a surprise.
            let json = try connection.decode(response, for: http)
            throw connection.unexpected("speech returned JSON", json)
        }
        guard !response.body.isEmpty else {
            var error = RelayError(.invalidResponse, "the speech answer is empty", httpStatus: response.status)
            error.requestMayHaveReachedProvider = true
            throw error
        }
        let mime = type.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? type
        let output = TaskOutput(kind: .audio, data: response.body, mimeType: mime)
        return RelayTask(family: .openAI, operation: "audio.speech", kind: .audio, status: .succeeded, progress: 100,
                         outputs: [output], rawResponse: "{\"bytes\":\(response.body.count),\"content_type\":\"\(mime)\"}",
                         finishedAt: Date())
    }

    func transcribe(_ request: TranscriptionRequest) async throws -> Transcription {
        var form = MultipartForm()
        form.add("model", request.model)
        form.add("language", request.language)
        form.add("prompt", request.prompt)
        form.add("response_format", "json")
        form.add("file", file: request.file)
        let path = request.translate ? "/v1/audio/translations" : "/v1/audio/transcriptions"
        let http = connection.request("POST", path, body: form.finished(), contentType: form.contentType, timeout: 300)
        let response = try await connection.sendRaw(http)
        if let json = try? JSONParser.parse(response.body), json.isObject {
            if let error = ErrorMapping.error(in: response, json: json, secrets: connection.secrets) { throw error }
            guard let text = json["text"].string ?? (json["text"].isNull ? nil : "") else {
                throw connection.unexpected("transcription without text", json)
            }
            return Transcription(text: text, language: json["language"].string, duration: json["duration"].double)
        }
        // text / srt / vtt formats answer plain text.
        return Transcription(text: String(decoding: response.body, as: UTF8.self), language: nil, duration: nil)
    }
}
