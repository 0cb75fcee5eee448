/// What one unit of work costs on a provider, as its docs state it.
public struct PriceEntry: Codable, Sendable, Hashable {
    /// The model or operation the price applies to (`mx-upscaler-1`, `mj_imagine`, …).
    public var item: String
    /// What is counted (`call`, `image`, `second`, `1k tokens`).
    public var per: String
    public var amount: Double
    /// The currency or credit unit (`points`, `USD`, `CNY`).
    public var unit: String
    /// A note from the doc (e.g. the output size of an MX quality level).
    public var note: String

    public init(item: String, per: String, amount: Double, unit: String, note: String = "") {
        self.item = item
        self.per = per
        self.amount = amount
        self.unit = unit
        self.note = note
    }
}

/// A provider's price list, for cost estimates: what its doc states, in the provider's one unit.
public struct PriceTable: Codable, Sendable, Hashable {
    /// The unit every cost on the provider is counted in (tasks and chat alike).
    public var unit: String
    public var entries: [PriceEntry]

    public init(unit: String = "USD", entries: [PriceEntry] = []) {
        self.unit = unit
        self.entries = entries
    }

    /// The price of an item, when listed.
    public func price(of item: String) -> PriceEntry? { entries.first { $0.item == item } }

    /// The estimated cost of `count` units of `item`, when it is listed.
    public func estimate(_ item: String, count: Double = 1) -> (amount: Double, unit: String)? {
        price(of: item).map { ($0.amount * count, $0.unit) }
    }
}
