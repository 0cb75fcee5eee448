import Foundation
import RelayClient

/// Turns a studio request into the `GenerationRequest` RelayClient sends, with the callback URL
/// where the family takes one and the reference images as data URIs (or uploads).
struct GenerationRequestBuilder: Sendable {
    /// The reference images' bytes and MIME types, in the request's order.
    var references: [(data: Data, mimeType: String)]
    /// Where the provider may report progress, or nil to rely on polling.
    var callbackURL: String?

    /// The request for every route but transcription (a direct call: see `transcription`).
    func build(_ request: StudioRequest) -> GenerationRequest {
        let dataURIs = references.map { "data:\($0.mimeType);base64,\($0.data.base64EncodedString())" }
        let prompt = request.prompt
        let negative = request.negativePrompt.flatMap { $0.isEmpty ? nil : $0 }
        let size = request.size.flatMap(StudioRequest.dimensions(of:))
        switch request.route {
        case .openAIImage:
            return .image(ImageRequest(model: request.model, prompt: prompt, n: request.count, size: request.size))
        case .midjourneyImagine:
            var text = prompt
            if let ratio = request.aspectRatio, !text.contains("--ar") { text += " --ar \(ratio)" }
            if let negative, !text.contains("--no") { text += " --no \(negative)" }
            if let seed = request.seed, !text.contains("--seed") { text += " --seed \(seed)" }
            return .midjourney(MidjourneyRequest(.imagine(prompt: text, images: dataURIs), notifyHook: callbackURL))
        case .midjourneyBlend:
            let dimensions: String? = switch request.aspectRatio {
            case "2:3": "PORTRAIT"
            case "3:2": "LANDSCAPE"
            case nil: nil
            default: "SQUARE"
            }
            return .midjourney(MidjourneyRequest(.blend(images: dataURIs, dimensions: dimensions), notifyHook: callbackURL))
        case .midjourneyDescribe:
            return .midjourney(MidjourneyRequest(.describe(image: dataURIs.first ?? ""), notifyHook: callbackURL))
        case .midjourneyAction:
            return .midjourney(MidjourneyRequest(.action(taskID: request.parentProviderTaskID ?? "", customID: request.customID ?? ""),
                                                 notifyHook: callbackURL))
        case .klingImage:
            return .kling(KlingRequest(endpoint: .imageGeneration, model: request.model, prompt: prompt, negativePrompt: negative,
                                       image: references.first.map { $0.data.base64EncodedString() },
                                       aspectRatio: request.aspectRatio, n: request.count, callbackURL: callbackURL))
        case .jimeng:
            return .jimeng(JimengRequest(prompt: prompt, seed: request.seed, width: size?.0, height: size?.1))
        case .imgOpenSD:
            return .imgOpenSD(ImgOpenSDRequest(prompt: prompt, negativePrompt: negative, width: size?.0, height: size?.1,
                                               seed: request.seed.map(String.init), count: request.count, callbackURL: callbackURL))
        case .mxDrawing:
            return .mxDrawing(MXDrawingRequest(prompt: prompt, model: request.model, negativePrompt: negative, seed: request.seed,
                                               initImageURL: dataURIs.first, callbackURL: callbackURL))
        case .sunoMusic:
            let mode: SunoRequest.Mode
            if let lyrics = request.lyrics, !lyrics.isEmpty {
                mode = .custom(lyrics: lyrics, style: request.style.flatMap { $0.isEmpty ? nil : $0 },
                               title: request.title.flatMap { $0.isEmpty ? nil : $0 })
            } else {
                mode = .inspiration(description: prompt)
            }
            return .suno(SunoRequest(mode, instrumental: request.instrumental, model: request.model, notifyHook: callbackURL))
        case .sunoLyrics:
            return .suno(SunoRequest(.lyrics(prompt: prompt), notifyHook: callbackURL))
        case .klingVideo:
            let image = references.first.map { $0.data.base64EncodedString() }
            return .kling(KlingRequest(endpoint: image == nil ? .textToVideo : .imageToVideo, model: request.model, prompt: prompt,
                                       negativePrompt: negative, image: image, aspectRatio: request.aspectRatio,
                                       duration: request.duration.map(String.init), callbackURL: callbackURL))
        case .lumaVideo:
            return .luma(LumaRequest(prompt: prompt, aspectRatio: request.aspectRatio, imageURL: dataURIs.first, model: request.model,
                                     duration: request.duration.map { "\($0)s" }, notifyHook: callbackURL))
        case .runwayVideo:
            return .runway(RunwayRequest(model: request.model, promptText: prompt.isEmpty ? nil : prompt, promptImage: dataURIs.first,
                                         ratio: request.aspectRatio.map { $0 == "9:16" ? "720:1280" : "1280:720" },
                                         duration: request.duration, seed: request.seed))
        case .unifiedVideo:
            return .video(VideoRequest(model: request.model, prompt: prompt, images: dataURIs, duration: request.duration,
                                       aspectRatio: request.aspectRatio))
        case .speech, .transcription:
            return .speech(SpeechRequest(model: request.model, input: prompt, voice: request.voice ?? "alloy"))
        }
    }

    /// The transcription call for an uploaded recording.
    func transcription(_ request: StudioRequest) -> TranscriptionRequest {
        let file = references.first.map { UploadFile(filename: "recording." + (Self.fileExtension[$0.mimeType] ?? "wav"), data: $0.data,
                                                     mimeType: $0.mimeType) }
        return TranscriptionRequest(model: request.model, file: file ?? UploadFile(filename: "recording.wav", data: Data(), mimeType: "audio/wav"),
                                    prompt: request.prompt.isEmpty ? nil : request.prompt)
    }

    private static let fileExtension = ["audio/wav": "wav", "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/flac": "flac", "audio/mp4": "m4a",
                                        "video/mp4": "mp4", "video/webm": "webm"]

    /// True when the family reports to a callback URL passed with the submit.
    static func takesCallback(_ route: StudioRoute) -> Bool {
        switch route.family {
        case .midjourney, .kling, .luma, .suno, .imgOpenSD, .mxDrawing: return true
        case .openAI, .runway, .unifiedVideo, .jimeng: return false
        }
    }
}
