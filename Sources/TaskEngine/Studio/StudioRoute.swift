import RelayClient

/// One way to make something on a provider: a family operation as the studio offers it.
/// The forms list the routes a provider's families allow; the engine turns a route and the
/// form's fields into a `GenerationRequest`.
public enum StudioRoute: String, Codable, Sendable, CaseIterable {
    case openAIImage = "openai-image"
    case midjourneyImagine = "mj-imagine"
    case midjourneyBlend = "mj-blend"
    case midjourneyDescribe = "mj-describe"
    /// A button (U1, V2, reroll, zoom, pan, vary) on a finished Midjourney task.
    case midjourneyAction = "mj-action"
    case klingImage = "kling-image"
    case jimeng
    case imgOpenSD = "imgopen-sd"
    case mxDrawing = "mx-drawing"
    case sunoMusic = "suno-music"
    case sunoLyrics = "suno-lyrics"
    case klingVideo = "kling-video"
    case lumaVideo = "luma-video"
    case runwayVideo = "runway-video"
    case unifiedVideo = "unified-video"
    case speech
    /// Speech to text of an uploaded recording (synchronous).
    case transcription

    /// The studio page a route belongs to.
    public enum Page: String, Sendable, CaseIterable {
        case image, music, video, speech
    }

    public var page: Page {
        switch self {
        case .openAIImage, .midjourneyImagine, .midjourneyBlend, .midjourneyDescribe, .midjourneyAction, .klingImage, .jimeng,
             .imgOpenSD, .mxDrawing:
            return .image
        case .sunoMusic, .sunoLyrics: return .music
        case .klingVideo, .lumaVideo, .runwayVideo, .unifiedVideo: return .video
        case .speech, .transcription: return .speech
        }
    }

    public var family: ProtocolFamily {
        switch self {
        case .openAIImage, .speech, .transcription: return .openAI
        case .midjourneyImagine, .midjourneyBlend, .midjourneyDescribe, .midjourneyAction: return .midjourney
        case .klingImage, .klingVideo: return .kling
        case .jimeng: return .jimeng
        case .imgOpenSD: return .imgOpenSD
        case .mxDrawing: return .mxDrawing
        case .sunoMusic, .sunoLyrics: return .suno
        case .lumaVideo: return .luma
        case .runwayVideo: return .runway
        case .unifiedVideo: return .unifiedVideo
        }
    }

    /// True when the route chooses among models (the form shows a model field).
    public var takesModel: Bool {
        switch self {
        case .openAIImage, .klingImage, .mxDrawing, .sunoMusic, .klingVideo, .lumaVideo, .runwayVideo, .unifiedVideo, .speech,
             .transcription:
            return true
        case .midjourneyImagine, .midjourneyBlend, .midjourneyDescribe, .midjourneyAction, .jimeng, .imgOpenSD, .sunoLyrics:
            return false
        }
    }

    /// How many uploaded files (reference images, or the recording to transcribe) the route
    /// takes: none, optional, or required (at least, at most).
    public var referenceImages: (minimum: Int, maximum: Int) {
        switch self {
        case .midjourneyImagine: return (0, 4)
        case .midjourneyBlend: return (2, 5)
        case .midjourneyDescribe: return (1, 1)
        case .klingImage, .mxDrawing, .klingVideo, .lumaVideo, .unifiedVideo: return (0, 1)
        case .runwayVideo, .transcription: return (1, 1)
        case .openAIImage, .midjourneyAction, .jimeng, .imgOpenSD, .sunoMusic, .sunoLyrics, .speech: return (0, 0)
        }
    }

    /// The model offered first when the member picks none.
    public var defaultModel: String {
        switch self {
        case .openAIImage: return "dall-e-3"
        case .klingImage, .klingVideo: return "kling-v1-6"
        case .mxDrawing: return "mx"
        case .sunoMusic: return "chirp-v4"
        case .lumaVideo: return "ray-v2"
        case .runwayVideo: return "gen4_turbo"
        case .unifiedVideo: return "veo3-fast"
        case .speech: return "tts-1"
        case .transcription: return "whisper-1"
        case .midjourneyImagine, .midjourneyBlend, .midjourneyDescribe, .midjourneyAction: return "midjourney"
        case .jimeng: return "high_aes_general_v21_L"
        case .imgOpenSD: return "sd"
        case .sunoLyrics: return "suno-lyrics"
        }
    }

    /// The price-table item a submit of this route is charged as (see `Presets`).
    public var priceItem: String {
        switch self {
        case .openAIImage, .klingImage, .jimeng, .imgOpenSD: return "image"
        case .midjourneyImagine, .midjourneyBlend, .midjourneyDescribe: return "mj_imagine"
        case .midjourneyAction: return "mj_action"
        case .mxDrawing: return "mx-upscaler-1"
        case .sunoMusic: return "suno_music"
        case .sunoLyrics: return "suno_lyrics"
        case .klingVideo, .lumaVideo, .runwayVideo, .unifiedVideo: return "video"
        case .speech: return "speech"
        case .transcription: return "transcription"
        }
    }

    /// The routes a provider offers on a page, in display order (the member may still pick
    /// any model the provider routes).
    public static func available(on page: Page, for provider: Provider) -> [StudioRoute] {
        allCases.filter { $0.page == page && $0 != .midjourneyAction && provider.offers($0.family) }
    }

    /// Model suggestions for a route on a provider: the preset's models of the route's family and
    /// kind, or the route's default.
    public func suggestedModels(for provider: Provider) -> [String] {
        guard takesModel else { return [] }
        let kind: OutputKind = self == .transcription ? .text : (page == .image ? .image : (page == .music || page == .speech ? .audio : .video))
        let listed = provider.models.filter { $0.family == family && $0.kind == kind && (self != .transcription || $0.id.contains("whisper")) }
            .map(\.id)
        return listed.isEmpty ? [defaultModel] : listed
    }
}

extension StudioRoute {
    /// The kind of file the route's uploads must be.
    public var uploadKind: OutputKind { self == .transcription ? .audio : .image }
}
