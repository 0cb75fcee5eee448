import Foundation

/// Decoding without a connection: a task body (a fetch answer, a callback, a stored raw
/// response) or one streamed chat event. The engine uses it for callbacks it receives itself;
/// `atelier bench-decode` measures it.
public enum RelayDecoding {
    /// One SSE `data:` payload of a chat stream: nil for `[DONE]`, a `RelayError` for an error event.
    public static func chatChunk(fromEventData data: String) throws -> ChatChunk? {
        try OpenAIChat.decodeStreamEvent(data)
    }

    /// A task update from a family's task body (MJ task object, Kling callback or fetch, Suno or
    /// video TaskDto, Luma generation, Runway task, Img Open or MX result). Merge it into the
    /// stored task with `RelayTask.merged(with:)`.
    public static func task(from body: Data, family: ProtocolFamily) throws -> RelayTask {
        try task(from: body, family: family, secrets: [])
    }

    static func task(from body: Data, family: ProtocolFamily, secrets: [String]) throws -> RelayTask {
        let json: JSONValue
        let clean: Bool
        do {
            (json, clean) = try JSONParser.parseChecked(body)
        } catch {
            throw RelayError(.invalidResponse, "the task body is not JSON: " + Redactor.excerpt(body, secrets: secrets, limit: 80))
        }
        var task: RelayTask
        switch family {
        case .midjourney: task = MidjourneyFamily.decodeTask(json)
        case .kling:
            if case .string = json["code"] {
                task = try KlingFamily.decodeFetch(json, kind: .video)
            } else {
                task = json["data"]["task_status"].isPresent ? KlingFamily.fromNative(json["data"], kind: .video)
                    : KlingFamily.fromNative(json, kind: json["task_result"]["images"].array.isEmpty ? .video : .image)
            }
        case .suno:
            // Either the fetch envelope `{"code":"success","data":<TaskDto>}` or a bare TaskDto.
            let dto = json["task_id"].isPresent ? json : try NewAPITask.unwrap(json)
            task = try SunoFamily.decodeFetch(dto, operation: "music")
        case .luma: task = LumaFamily.decodeGeneration(json)
        case .runway: task = RunwayFamily.decodeTask(json)
        case .unifiedVideo: task = try UnifiedVideoFamily.decodeFetch(json, contentURL: "")
        case .imgOpenSD: task = try ImgOpenSDFamily.decodeTask(json["data"].isObject ? try ImgOpenSDFamily.unwrap(json) : json)
        case .mxDrawing: task = try MXDrawingFamily.decodeTask(json["data"].isObject ? try MXDrawingFamily.unwrap(json) : json)
        case .openAI, .jimeng:
            throw RelayError(.invalidRequest, "\(family.rawValue) has no callbacks", field: "family")
        }
        task.rawResponse = Redactor.snapshot(body: body, json: json, clean: clean, secrets: secrets)
        return task
    }
}
