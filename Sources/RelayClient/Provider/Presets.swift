/// Built-in providers: the five documented relays, a generic OpenAI-compatible relay and the
/// local simulator. Paths are the families' paths as each provider's doc gives them; the docs
/// name no host except Img Open's, so the other presets leave `baseURL` for the user to fill.
public enum Presets {
    /// Every preset, in display order.
    public static let all: [Provider] = [kfcV50, chatBp, no1API, yunAPI, imgOpen, customOpenAI, demo]

    /// The preset with this id (case-insensitive), if any.
    public static func named(_ id: String) -> Provider? {
        all.first { $0.id.lowercased() == id.lowercased() }
    }

    /// KFC V50: OpenAI routes, MJ (with video), Suno, Luma, Kling, SD, Veo, and MX drawing.
    public static let kfcV50 = Provider(
        id: "kfc-v50", displayName: "KFC V50", baseURL: "",
        families: [.openAI, .midjourney, .suno, .luma, .kling, .unifiedVideo, .mxDrawing],
        models: [
            ModelInfo(id: "gpt-4-all", family: .openAI, kind: .text),
            ModelInfo(id: "gpt-4-vision-preview", family: .openAI, kind: .text),
            ModelInfo(id: "gemini-pro", family: .openAI, kind: .text),
            ModelInfo(id: "dall-e-3", family: .openAI, kind: .image),
            ModelInfo(id: "tts-1", family: .openAI, kind: .audio),
            ModelInfo(id: "whisper-1", family: .openAI, kind: .text),
            ModelInfo(id: "text-embedding-ada-002", family: .openAI, kind: .text),
            ModelInfo(id: "chirp-v3-5", family: .suno, kind: .audio),
            ModelInfo(id: "chirp-v3-0", family: .suno, kind: .audio),
            ModelInfo(id: "kling-v1", family: .kling, kind: .video),
        ],
        options: ProviderOptions(balanceSources: [.newAPITokenUsage, .openAIBilling, .newAPIUserSelf]),
        // The doc states prices only for MX drawing, in points: the provider counts in points.
        prices: PriceTable(unit: "points", entries: [
            PriceEntry(item: "mx-upscaler-1", per: "image", amount: 1, unit: "points", note: "高清 1536×1536, about 5–10 s"),
            PriceEntry(item: "mx-upscaler-2", per: "image", amount: 2, unit: "points", note: "超清 3072×3072, about 8–15 s"),
            PriceEntry(item: "mx-upscaler-3", per: "image", amount: 6, unit: "points", note: "超高清修复 2688×2688, about 30 s"),
            PriceEntry(item: "mx-upscaler-4", per: "image", amount: 4, unit: "points", note: "修复beta 2304×2304, about 20 s"),
        ]),
        notes: "MX drawing: POST /api/v1/mx/images/generate (results by callback_url); MJ under /mj with task list, cancel and image-seed.")

    /// Chat Bp: OpenAI routes, MJ, Runway, Luma, Kling (official paths), Suno.
    public static let chatBp = Provider(
        id: "chat-bp", displayName: "Chat Bp", baseURL: "",
        families: [.openAI, .midjourney, .runway, .luma, .kling, .suno],
        models: [
            ModelInfo(id: "gpt-4-all", family: .openAI, kind: .text),
            ModelInfo(id: "gemini-pro", family: .openAI, kind: .text),
            ModelInfo(id: "gpt-4-vision-preview", family: .openAI, kind: .text),
            ModelInfo(id: "kling-v1", family: .kling, kind: .video),
        ],
        notes: "Kling: POST /kling/v1/images/generations, /kling/v1/videos/text2video, /kling/v1/videos/image2video; GET the same path + /{task_id}.")

    /// NO.1 API: OpenAI routes with chat-format image models, MJ, Suno, Kling, Luma, Runway.
    public static let no1API = Provider(
        id: "no1-api", displayName: "NO.1 API", baseURL: "",
        families: [.openAI, .midjourney, .suno, .kling, .luma, .runway],
        models: [
            ModelInfo(id: "stable-diffusion", family: .openAI, kind: .image, imageViaChat: true),
            ModelInfo(id: "flux", family: .openAI, kind: .image, imageViaChat: true),
            ModelInfo(id: "dall-e-3", family: .openAI, kind: .image),
            ModelInfo(id: "tts-1", family: .openAI, kind: .audio),
            ModelInfo(id: "whisper-1", family: .openAI, kind: .text),
            ModelInfo(id: "kling-v1", family: .kling, kind: .video),
        ],
        notes: "stable-diffusion and Flux answer over POST /v1/chat/completions with image links in Markdown.")

    /// YunApi: OpenAI routes, Kling, Veo 3, Runway, MJ proxy, Flux, gpt-4o-image, Jimeng.
    public static let yunAPI = Provider(
        id: "yunapi", displayName: "YunApi", baseURL: "",
        families: [.openAI, .kling, .unifiedVideo, .runway, .midjourney, .jimeng],
        models: [
            ModelInfo(id: "flux", family: .openAI, kind: .image),
            ModelInfo(id: "gpt-4o-image", family: .openAI, kind: .image, imageViaChat: true),
            ModelInfo(id: "veo3", family: .unifiedVideo, kind: .video),
            ModelInfo(id: "high_aes_general_v21_L", family: .jimeng, kind: .image),
        ],
        options: ProviderOptions(balanceSources: [.openAIBilling, .newAPITokenUsage]),
        notes: "Jimeng: POST /volcv?Action=CVProcess&Version=2022-08-31, req_key high_aes_general_v21_L, synchronous.")

    /// Img Open: SD text-to-image with access-key headers, callbacks and task queries.
    public static let imgOpen = Provider(
        id: "img-open", displayName: "Img Open", baseURL: "https://api.zhiqite.com", auth: .imgOpen,
        families: [.imgOpenSD],
        options: ProviderOptions(balanceSources: []),
        notes: "POST /AIGCImgOpenServ/saas/sd/v2/text2image with X-Request-req-accessKeyId / X-Request-req-accessKeySecret.")

    /// Any other relay speaking the OpenAI protocol.
    public static let customOpenAI = Provider(
        id: "custom", displayName: "Custom OpenAI-compatible relay", baseURL: "",
        families: [.openAI],
        options: ProviderOptions(balanceSources: [.openAIBilling, .newAPITokenUsage]))

    /// The local simulator (`relay-sim --port 8787`), which serves every family.
    public static let demo = Provider(
        id: "demo", displayName: "Demo (local simulator)", baseURL: "http://127.0.0.1:8787",
        families: ProtocolFamily.allCases,
        models: [
            ModelInfo(id: "gpt-4o-mini", family: .openAI, kind: .text),
            ModelInfo(id: "dall-e-3", family: .openAI, kind: .image),
            ModelInfo(id: "stable-diffusion", family: .openAI, kind: .image, imageViaChat: true),
            ModelInfo(id: "flux", family: .openAI, kind: .image, imageViaChat: true),
            ModelInfo(id: "gpt-4o-image", family: .openAI, kind: .image, imageViaChat: true),
            ModelInfo(id: "tts-1", family: .openAI, kind: .audio),
            ModelInfo(id: "whisper-1", family: .openAI, kind: .text),
            ModelInfo(id: "text-embedding-3-small", family: .openAI, kind: .text),
            ModelInfo(id: "chirp-v4", family: .suno, kind: .audio),
            ModelInfo(id: "kling-v1-6", family: .kling, kind: .video),
        ],
        options: ProviderOptions(balanceSources: [.newAPITokenUsage, .openAIBilling, .newAPIUserSelf]),
        prices: PriceTable(unit: "USD", entries: [
            PriceEntry(item: "chat", per: "call", amount: 0.002, unit: "USD"),
            PriceEntry(item: "image", per: "image", amount: 0.04, unit: "USD"),
            PriceEntry(item: "speech", per: "call", amount: 0.015, unit: "USD"),
            PriceEntry(item: "transcription", per: "call", amount: 0.006, unit: "USD"),
            PriceEntry(item: "mj_imagine", per: "call", amount: 0.05, unit: "USD"),
            PriceEntry(item: "mj_action", per: "call", amount: 0.02, unit: "USD"),
            PriceEntry(item: "suno_music", per: "call", amount: 0.1, unit: "USD"),
            PriceEntry(item: "suno_lyrics", per: "call", amount: 0.01, unit: "USD"),
            PriceEntry(item: "video", per: "call", amount: 0.4, unit: "USD"),
        ]),
        notes: "Start it with `relay-sim --port 8787`; the demo key is sk-sim-demo.")
}
