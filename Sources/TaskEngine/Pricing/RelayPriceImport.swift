import AtelierStore
import RelayClient

/// Turns what a new-api relay publishes at `/api/pricing` into price lines: new-api names task
/// models by what they bill (`mj_imagine`, `suno_music`, …) and the others by model id, which
/// go to the route their endpoint types say (images, video, speech, transcription, chat).
public enum RelayPriceImport {
    /// The note on imported lines.
    public static let note = "GET /api/pricing"

    public static func prices(from pricing: RelayPricing, providerID: Int64, provider: Provider) -> [PriceRecord] {
        let offered = Set(PriceBook.routes(for: provider))
        var lines: [String: PriceRecord] = [:]
        for model in pricing.models {
            guard let (route, name) = route(of: model), offered.contains(route) else { continue }
            let basis: PriceBasis, amount: Double
            if let perCall = model.pricePerCall {
                (basis, amount) = (.call, perCall)
            } else if let perTokens = model.pricePerThousandTokens, route == PriceBook.chatRoute {
                (basis, amount) = (.kiloTokens, perTokens)
            } else {
                continue
            }
            let price = PriceRecord(providerId: providerID, route: route, model: name, basis: basis, amount: rounded(amount), note: note)
            // A price too small for the table is left out rather than made free.
            guard PriceStore.validate(price).isEmpty, price.amount > 0 || amount == 0 else { continue }
            lines["\(route)|\(name)"] = price
        }
        return lines.values.sorted { ($0.route, $0.model) < ($1.route, $1.model) }
    }

    /// The route and model (`""`: the route's any-model line) a relay's model name prices.
    static func route(of model: RelayPricing.Model) -> (String, String)? {
        let name = model.name
        switch name {
        case "mj_imagine": return (StudioRoute.midjourneyImagine.rawValue, "")
        case "mj_blend": return (StudioRoute.midjourneyBlend.rawValue, "")
        case "mj_describe": return (StudioRoute.midjourneyDescribe.rawValue, "")
        // The buttons most pressed (U1–U4) stand for every button.
        case "mj_upscale": return (StudioRoute.midjourneyAction.rawValue, "")
        case "suno_music": return (StudioRoute.sunoMusic.rawValue, "")
        case "suno_lyrics": return (StudioRoute.sunoLyrics.rawValue, "")
        default: break
        }
        if name.hasPrefix("mj_") || name.hasPrefix("suno_") || name == "swap_face" { return nil }
        // Routes without a model choice are priced by their one model's name (Jimeng's req_key).
        if let fixed = StudioRoute.allCases.first(where: { !$0.takesModel && $0.defaultModel == name }) { return (fixed.rawValue, "") }
        let lower = name.lowercased()
        let endpoints = Set(model.endpointTypes.map { $0.lowercased() })
        if lower.hasPrefix("kling") { return (StudioRoute.klingVideo.rawValue, name) }
        if lower.contains("luma") || endpoints.contains(where: { $0.contains("luma") }) { return (StudioRoute.lumaVideo.rawValue, name) }
        if endpoints.contains(where: { $0.contains("runway") }) { return (StudioRoute.runwayVideo.rawValue, name) }
        if model.pricePerCall != nil, ["flux", "stable-diffusion", "dall-e", "gpt-image"].contains(where: { lower.hasPrefix($0) })
            || lower.hasSuffix("-image") {
            return (StudioRoute.openAIImage.rawValue, name)
        }
        if lower.hasPrefix("chirp") { return (StudioRoute.sunoMusic.rawValue, name) }
        if lower.contains("tts") { return (StudioRoute.speech.rawValue, name) }
        if lower.contains("whisper") || lower.contains("transcribe") { return (StudioRoute.transcription.rawValue, name) }
        if endpoints.contains("image-generation") { return (StudioRoute.openAIImage.rawValue, name) }
        if endpoints.contains("openai-video") { return (StudioRoute.unifiedVideo.rawValue, name) }
        if endpoints.contains("embeddings") { return nil }
        if endpoints.isEmpty || endpoints.contains("openai") { return (PriceBook.chatRoute, name) }
        return nil
    }

    /// Six significant decimals, so binary noise (0.30000000000000004) does not reach the table.
    private static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
}
