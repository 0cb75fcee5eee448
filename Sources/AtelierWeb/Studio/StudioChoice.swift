import AtelierEngine
import AtelierStore
import RelayClient
import TaskEngine

/// One entry of a studio form's provider picker: a provider and a route it offers, with the
/// route's price from the provider's table (nil: no price set). The form value is
/// `<provider id>|<route>`.
struct StudioChoice: Sendable {
    var providerID: Int64
    var providerName: String
    var route: StudioRoute
    var models: [String]
    var price: PriceRecord?
    /// The provider's one unit.
    var unit: String

    var value: String { "\(providerID)|\(route.rawValue)" }

    /// Every choice for a studio page, over the configured providers, priced by `book`.
    static func all(on page: StudioRoute.Page, providers: [ProviderRecord], book: PriceBook) async throws -> [StudioChoice] {
        var choices: [StudioChoice] = []
        for record in providers {
            guard let id = record.id, let provider = try? ProviderConnector.provider(for: record) else { continue }
            let prices = try await book.sheet(for: record)
            for route in StudioRoute.available(on: page, for: provider) {
                let models = route.suggestedModels(for: provider)
                choices.append(StudioChoice(providerID: id, providerName: record.name, route: route, models: models,
                                            price: prices.price(route: route.rawValue, model: route.takesModel ? models.first ?? "" : ""),
                                            unit: prices.unit))
            }
        }
        return choices
    }

    /// Reads a form value back into a provider id and a route.
    static func parse(_ value: String) -> (providerID: Int64, route: StudioRoute)? {
        let parts = value.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = Int64(parts[0]), let route = StudioRoute(rawValue: parts[1]) else { return nil }
        return (id, route)
    }
}
