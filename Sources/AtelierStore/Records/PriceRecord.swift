import GRDB

/// What a price is counted per.
public enum PriceBasis: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Once per submit or chat message.
    case call
    /// Once per image asked for (a submit of 4 images costs 4 times).
    case image
    /// Per 1,000 tokens of a chat answer's usage (prompt and completion together).
    case kiloTokens = "1k_tokens"
}

/// One line of a provider's price table: what a route (a studio route such as `mj-imagine`, or
/// `chat`) costs for one model (`""`: any model of the route), in the provider's unit.
public struct PriceRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "price"

    public var providerId: Int64
    public var route: String
    /// `""` for every model of the route without a price of its own.
    public var model: String
    public var basis: PriceBasis
    public var amount: Double
    /// Where the price comes from (the provider's doc, the relay's `/api/pricing`), for the lead.
    public var note: String

    public init(providerId: Int64, route: String, model: String = "", basis: PriceBasis, amount: Double, note: String = "") {
        self.providerId = providerId
        self.route = route
        self.model = model
        self.basis = basis
        self.amount = amount
        self.note = note
    }
}

/// A provider's prices, all in its one unit (tasks and chat alike).
public struct PriceSheet: Sendable, Hashable {
    /// The unit every cost, usage entry and budget of the provider is counted in (`USD`, `points`).
    public var unit: String
    public var prices: [PriceRecord]

    public init(unit: String, prices: [PriceRecord]) {
        self.unit = unit
        self.prices = prices
    }

    /// The price of a route for a model: the model's own line, else the route's any-model line.
    public func price(route: String, model: String) -> PriceRecord? {
        prices.first { $0.route == route && $0.model == model && !model.isEmpty } ?? prices.first { $0.route == route && $0.model.isEmpty }
    }
}
