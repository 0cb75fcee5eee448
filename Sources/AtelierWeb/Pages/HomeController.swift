import FastCGI

/// The home page: what Atelier is and what it can talk to.
struct HomeController: Sendable {
    let renderer: PageRenderer

    func register(in router: inout Router) {
        router.get("/") { context in show(context) }
    }

    func show(_ context: RequestContext) -> Response {
        let strings = { (key: String) in renderer.text(key, in: context.language) }
        let page: [String: Any] = [
            "title": strings("home_title"),
            "families": ProtocolCatalogue.families.map { family in
                ["name": strings(family.nameKey), "examples": family.examples]
            },
            "providers": ProtocolCatalogue.seedProviders,
        ]
        return renderer.render("home", page: page, language: context.language, path: context.request.path)
    }
}

/// What the home page lists: the kinds of generation and the relays Atelier ships presets for.
enum ProtocolCatalogue {
    struct Family {
        let nameKey: String
        let examples: String
    }

    static let families: [Family] = [
        Family(nameKey: "family_chat", examples: "GPT, Claude, Gemini, DeepSeek"),
        Family(nameKey: "family_image", examples: "DALL·E, Midjourney, Stable Diffusion, Flux, Ideogram, Jimeng"),
        Family(nameKey: "family_music", examples: "Suno"),
        Family(nameKey: "family_video", examples: "Kling, Luma, Runway, Veo"),
        Family(nameKey: "family_speech", examples: "TTS, Whisper"),
    ]

    static let seedProviders = ["KFC V50", "Chat Bp", "NO.1 API", "YunApi", "Img Open"]
}
