/// Anything that becomes a `RelayTask`, one case per family operation.
public enum GenerationRequest: Sendable {
    /// OpenAI images (generation, edit, or chat-format image models).
    case image(ImageRequest)
    /// OpenAI text to speech (synchronous; audio bytes).
    case speech(SpeechRequest)
    case midjourney(MidjourneyRequest)
    case suno(SunoRequest)
    case kling(KlingRequest)
    case luma(LumaRequest)
    case runway(RunwayRequest)
    /// Unified video (`/v1/video/generations`, `/v1/video/create`, `/v1/videos`).
    case video(VideoRequest)
    case imgOpenSD(ImgOpenSDRequest)
    /// Jimeng (synchronous).
    case jimeng(JimengRequest)
    case mxDrawing(MXDrawingRequest)

    /// The family that serves this request.
    public var family: ProtocolFamily {
        switch self {
        case .image, .speech: return .openAI
        case .midjourney: return .midjourney
        case .suno: return .suno
        case .kling: return .kling
        case .luma: return .luma
        case .runway: return .runway
        case .video: return .unifiedVideo
        case .imgOpenSD: return .imgOpenSD
        case .jimeng: return .jimeng
        case .mxDrawing: return .mxDrawing
        }
    }

    /// The kind of output expected.
    public var kind: OutputKind {
        switch self {
        case .image, .imgOpenSD, .jimeng, .mxDrawing: return .image
        case .speech: return .audio
        case .midjourney(let r): return r.kind
        case .suno(let r): return r.isLyrics ? .text : .audio
        case .kling(let r): return r.kind
        case .luma, .runway, .video: return .video
        }
    }
}
