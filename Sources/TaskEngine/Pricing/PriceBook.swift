import AtelierStore
import RelayClient

/// Where every cost comes from: a provider's price table as the lead keeps it on the provider
/// page, or, until the lead changes it, what the provider's documents state (the preset's
/// `PriceTable`), in the provider's one unit. Prices are set per route — each studio route, and
/// `chat` — and optionally per model.
public struct PriceBook: Sendable {
    let team: Team

    /// The route name of chat messages in price tables.
    public static let chatRoute = "chat"

    public init(team: Team) {
        self.team = team
    }

    /// The provider's prices now.
    public func sheet(for record: ProviderRecord) async throws -> PriceSheet {
        if let id = record.id, let stored = try await team.prices.sheet(providerID: id) { return stored }
        return Self.defaults(for: record)
    }

    /// What the provider's documents state, as the preset carries it: one line per route whose
    /// price item is listed in the preset's unit.
    public static func defaults(for record: ProviderRecord) -> PriceSheet {
        let provider = Presets.named(record.preset) ?? Presets.customOpenAI
        let table = provider.prices
        var prices: [PriceRecord] = []
        for route in routes(for: provider) {
            let item = route == chatRoute ? chatRoute : StudioRoute(rawValue: route)?.priceItem ?? route
            guard let entry = table.price(of: item), entry.unit == table.unit else { continue }
            prices.append(PriceRecord(providerId: record.id ?? 0, route: route, basis: basis(of: entry.per), amount: entry.amount,
                                      note: entry.note))
        }
        return PriceSheet(unit: table.unit, prices: prices)
    }

    /// The routes a price can be set for on this provider: chat (when it speaks the OpenAI
    /// family), then every studio route it offers, Midjourney buttons included.
    public static func routes(for provider: Provider) -> [String] {
        (provider.offers(.openAI) ? [chatRoute] : []) + StudioRoute.allCases.filter { provider.offers($0.family) }.map(\.rawValue)
    }

    /// The bases a route's price can be counted in: chat per message or per 1,000 tokens, an
    /// image route per call or per image, other routes per call.
    public static func bases(for route: String) -> [PriceBasis] {
        if route == chatRoute { return [.call, .kiloTokens] }
        guard let studio = StudioRoute(rawValue: route) else { return [] }
        return studio.page == .image && studio.kindOfOutput == .image ? [.call, .image] : [.call]
    }

    private static func basis(of per: String) -> PriceBasis {
        switch per {
        case "image": return .image
        case "1k tokens", "1k_tokens": return .kiloTokens
        default: return .call
        }
    }
}

extension StudioRoute {
    /// What the route makes (a Midjourney describe makes text, though it sits on the image page).
    var kindOfOutput: OutputKind { TaskEngine.kind(of: self) }
}
