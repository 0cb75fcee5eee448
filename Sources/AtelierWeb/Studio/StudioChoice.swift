import AtelierEngine
import AtelierStore
import RelayClient
import TaskEngine

/// One entry of a studio form's provider picker: a provider and a route it offers, with the
/// price the preset lists. The form value is `<provider id>|<route>`.
struct StudioChoice: Sendable {
    var providerID: Int64
    var providerName: String
    var route: StudioRoute
    var models: [String]
    var price: PriceEntry?

    var value: String { "\(providerID)|\(route.rawValue)" }

    /// Every choice for a studio page, over the configured providers.
    static func all(on page: StudioRoute.Page, providers: [ProviderRecord]) -> [StudioChoice] {
        providers.flatMap { record -> [StudioChoice] in
            guard let id = record.id, let provider = try? ProviderConnector.provider(for: record) else { return [] }
            return StudioRoute.available(on: page, for: provider).map { route in
                StudioChoice(providerID: id, providerName: record.name, route: route, models: route.suggestedModels(for: provider),
                             price: provider.prices.price(of: route.priceItem))
            }
        }
    }

    /// Reads a form value back into a provider id and a route.
    static func parse(_ value: String) -> (providerID: Int64, route: StudioRoute)? {
        let parts = value.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = Int64(parts[0]), let route = StudioRoute(rawValue: parts[1]) else { return nil }
        return (id, route)
    }
}
