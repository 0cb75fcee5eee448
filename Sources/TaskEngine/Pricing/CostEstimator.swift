import AtelierStore

/// What a submit is expected to cost, from the provider's price table.
public struct CostEstimate: Sendable, Hashable {
    /// nil when no price is set for the route (and model): the cost is unknown, not 0.
    public var amount: Double?
    /// The provider's one unit.
    public var unit: String
}

enum CostEstimator {
    static func estimate(_ request: StudioRequest, prices: PriceSheet) -> CostEstimate {
        guard let price = prices.price(route: request.route.rawValue, model: request.model) else {
            return CostEstimate(amount: nil, unit: prices.unit)
        }
        switch price.basis {
        case .call: return CostEstimate(amount: price.amount, unit: prices.unit)
        case .image: return CostEstimate(amount: price.amount * Double(max(request.count ?? 1, 1)), unit: prices.unit)
        // Tasks report no tokens.
        case .kiloTokens: return CostEstimate(amount: nil, unit: prices.unit)
        }
    }
}
