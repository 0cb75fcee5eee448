/// What a new-api relay publishes at `GET /api/pricing`: per model either a price per call in
/// USD (`quota_type` 1, `model_price`) or a ratio per token (`quota_type` 0, `model_ratio`, where
/// ratio 1 is 0.002 USD per 1,000 prompt tokens, and completion tokens cost `completion_ratio`
/// times more), each multiplied by the caller's group ratio (`group_ratio`, `default` 1).
public struct RelayPricing: Sendable, Hashable {
    /// One model's line.
    public struct Model: Sendable, Hashable {
        public var name: String
        /// USD per call (`quota_type` 1), already multiplied by the group ratio.
        public var pricePerCall: Double?
        /// USD per 1,000 prompt tokens (`quota_type` 0), already multiplied by the group ratio.
        public var pricePerThousandTokens: Double?
        public var completionRatio: Double
        /// `supported_endpoint_types` (`openai`, `image-generation`, `openai-video`, …), as given.
        public var endpointTypes: [String]

        public init(name: String, pricePerCall: Double? = nil, pricePerThousandTokens: Double? = nil, completionRatio: Double = 1,
                    endpointTypes: [String] = []) {
            self.name = name
            self.pricePerCall = pricePerCall
            self.pricePerThousandTokens = pricePerThousandTokens
            self.completionRatio = completionRatio
            self.endpointTypes = endpointTypes
        }
    }

    /// new-api's price of ratio 1: 0.002 USD per 1,000 tokens (`$0.002 / 1K tokens`).
    public static let usdPerThousandTokensAtRatioOne = 0.002

    /// Every model it prices, in its order.
    public var models: [Model]
    /// The group ratio applied (the `default` group's, or 1).
    public var groupRatio: Double
    /// Prices are in USD (new-api's display currency for quota).
    public var unit: String { "USD" }

    public init(models: [Model], groupRatio: Double = 1) {
        self.models = models
        self.groupRatio = groupRatio
    }

    /// Reads the answer. Lines that are not usable numbers (negative, NaN, missing) are left out.
    static func decode(_ json: JSONValue) throws -> RelayPricing {
        guard json["success"].bool != false, json["data"].isArray else {
            throw RelayError(.invalidResponse, "the pricing answer has no list of models")
        }
        var group = json["group_ratio"]["default"].double ?? 1
        if !(group.isFinite && group > 0) { group = 1 }
        var models: [Model] = []
        for item in json["data"].array {
            guard let name = item["model_name"].string, name.count <= 200 else { continue }
            let endpoints = item["supported_endpoint_types"].array.compactMap(\.string)
            var model = Model(name: name, completionRatio: usable(item["completion_ratio"].double) ?? 1, endpointTypes: endpoints)
            if item["quota_type"].int == 1 {
                guard let price = usable(item["model_price"].double) else { continue }
                model.pricePerCall = price * group
            } else {
                guard let ratio = usable(item["model_ratio"].double) else { continue }
                model.pricePerThousandTokens = ratio * usdPerThousandTokensAtRatioOne * group
            }
            models.append(model)
        }
        return RelayPricing(models: models, groupRatio: group)
    }

    private static func usable(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value >= 0 else { return nil }
        return value
    }
}

extension RelayClient {
    /// new-api's `GET /api/pricing` (public; sent with the key anyway, so a relay that prices
    /// per group answers for the key's group).
    public func pricing() async throws -> RelayPricing {
        try RelayPricing.decode(try await connection.get("/api/pricing"))
    }
}
