import Hummingbird

/// new-api's public `GET /api/pricing`: each model the catalog lists, priced per call in USD
/// (`quota_type` 1, `model_price`: what the simulator charges for it) or, for chat and
/// embeddings, per token by ratio (`quota_type` 0, `model_ratio`, where 1 is 0.002 USD per
/// 1,000 tokens, and `completion_ratio`), with the `default` group's ratio of 1.
struct PricingRoutes {
    func register(_ table: inout RouteTable) {
        table.add(.get, ["/api/pricing"], family: .dashboard, auth: .none) { _ in
            Reply.json([
                "success": true,
                "data": .array(ModelCatalog.all.map(Self.line)),
                "vendors": [],
                "group_ratio": ["default": 1],
                "usable_group": ["default": "默认分组"],
                "supported_endpoint": [:],
                "auto_groups": ["default"],
                "pricing_version": "a42d372ccf0b5dd13ecf71203521f9d2",
            ])
        }
    }

    /// The per-call price of a model, or nil for models billed by tokens.
    static func pricePerCall(_ id: String) -> Double? {
        switch id {
        case "mj_imagine", "mj_blend", "mj_video": return Prices.midjourneyImagine
        case "suno_music": return Prices.sunoMusic
        case "suno_lyrics": return Prices.sunoLyrics
        default: break
        }
        if ModelCatalog.midjourney.contains(id) { return Prices.midjourneyAction }
        if ModelCatalog.suno.contains(id) { return Prices.sunoMusic }
        if ModelCatalog.image.contains(id) || ModelCatalog.chatImage.contains(id) { return Prices.image }
        if ModelCatalog.speech.contains(id) { return Prices.speech }
        if ModelCatalog.transcription.contains(id) { return Prices.transcription }
        if ModelCatalog.jimeng.contains(id) { return Prices.jimeng }
        if ModelCatalog.kling.contains(id) || ModelCatalog.video.contains(id) || ModelCatalog.luma.contains(id)
            || ModelCatalog.runway.contains(id) {
            return Prices.video
        }
        return nil
    }

    private static func line(_ entry: ModelCatalog.Entry) -> JSONValue {
        var line: [String: JSONValue] = [
            "model_name": .string(entry.id), "owner_by": .string(entry.ownedBy), "enable_groups": ["default"],
            "supported_endpoint_types": .array(entry.endpoints.map(JSONValue.string)),
        ]
        if let price = pricePerCall(entry.id) {
            line["quota_type"] = 1
            line["model_price"] = .double(price)
            line["model_ratio"] = 0
            line["completion_ratio"] = 0
        } else {
            // gpt-4o-mini's list price, $0.15 / 1M prompt tokens, is ratio 0.075; embeddings are cheaper.
            let isEmbedding = ModelCatalog.embedding.contains(entry.id)
            line["quota_type"] = 0
            line["model_price"] = 0
            line["model_ratio"] = .double(isEmbedding ? 0.01 : 0.075)
            line["completion_ratio"] = .double(isEmbedding ? 1 : 4)
        }
        return .object(line)
    }
}
