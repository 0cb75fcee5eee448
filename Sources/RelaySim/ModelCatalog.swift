/// The models the simulated relay offers, by kind, as listed by `GET /v1/models`.
enum ModelCatalog {
    struct Entry: Sendable {
        let id: String
        let ownedBy: String
        let endpoints: [String]
    }

    static let chat = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "o1-mini", "claude-3-5-sonnet-20241022", "gemini-1.5-pro", "deepseek-chat"]
    /// Image models answered over `/v1/chat/completions` with Markdown images.
    static let chatImage = ["stable-diffusion", "flux", "flux-schnell", "flux-dev", "gpt-4o-image"]
    static let image = ["dall-e-3", "dall-e-2", "gpt-image-1", "gpt-image-1-mini", "flux-schnell", "flux-dev", "flux-kontext-pro"]
    static let speech = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]
    static let transcription = ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]
    static let embedding = ["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"]
    static let midjourney = [
        "mj_imagine", "mj_upscale", "mj_variation", "mj_reroll", "mj_blend", "mj_describe", "mj_shorten", "mj_modal",
        "mj_inpaint", "mj_zoom", "mj_custom_zoom", "mj_high_variation", "mj_low_variation", "mj_pan", "swap_face", "mj_video",
    ]
    static let suno = ["suno_music", "suno_lyrics", "chirp-v3-5", "chirp-v4"]
    static let kling = ["kling-v1", "kling-v1-6", "kling-v2-master"]
    static let video = [
        "veo-3.0-generate-001", "veo-3.0-fast-generate-001", "veo3.1-fast", "sora-2", "sora-2-pro", "jimeng-video-3.0",
    ]
    static let luma = ["luma-ray-v2"]
    static let runway = ["gen4_turbo", "gen3a_turbo"]
    static let jimeng = ["high_aes_general_v21_L"]

    static var all: [Entry] {
        var entries: [Entry] = []
        func add(_ ids: [String], _ owner: String, _ endpoints: [String]) {
            for id in ids where !entries.contains(where: { $0.id == id }) {
                entries.append(Entry(id: id, ownedBy: owner, endpoints: endpoints))
            }
        }
        add(chat, "openai", ["openai"])
        add(chatImage, "custom", ["openai"])
        add(image, "openai", ["image-generation"])
        add(speech + transcription, "openai", ["openai"])
        add(embedding, "openai", ["embeddings"])
        add(midjourney, "midjourney", ["openai"])
        add(suno, "suno", ["openai"])
        add(kling, "kling", ["openai-video"])
        add(video, "vertex-ai", ["openai-video"])
        add(luma, "luma", ["luma视频生成"])
        add(runway, "runway", ["runway图生视频"])
        add(jimeng, "jimeng", ["image-generation"])
        return entries
    }

    /// Image models answered over chat: the listed ones plus any `flux*` or `stable-diffusion*`.
    static func isChatImage(_ model: String) -> Bool {
        chatImage.contains(model) || model.hasPrefix("flux") || model.hasPrefix("stable-diffusion")
    }

    /// Models `/v1/images/*` accept: the listed ones plus any `flux*`.
    static func isImage(_ model: String) -> Bool { image.contains(model) || model.hasPrefix("flux") }

    /// Models `/v1/videos` and `/v1/video/*` accept.
    static func isVideo(_ model: String) -> Bool { video.contains(model) || kling.contains(model) }
}
