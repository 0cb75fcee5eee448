import RelayClient

/// What a submit is expected to cost, from the provider's price table.
public struct CostEstimate: Sendable, Hashable {
    public var amount: Double
    public var unit: String
    /// False when the price table has no entry for the route: the amount is then 0.
    public var isListed: Bool
}

enum CostEstimator {
    static func estimate(_ request: StudioRequest, provider: Provider) -> CostEstimate {
        guard let price = provider.prices.price(of: request.route.priceItem) else {
            return CostEstimate(amount: 0, unit: provider.prices.entries.first?.unit ?? provider.options.balanceUnit.rawValue,
                                isListed: false)
        }
        let units = price.per == "image" ? Double(max(request.count ?? 1, 1)) : 1
        return CostEstimate(amount: price.amount * units, unit: price.unit, isListed: true)
    }
}
