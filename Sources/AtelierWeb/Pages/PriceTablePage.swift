import AtelierEngine
import AtelierStore
import RelayClient
import TaskEngine

/// Builds the price table section of a provider's page: the lines with their edit and remove
/// forms, the routes that have no price, the unit, and the form to set a price (`form` is one
/// that came back with problems).
struct PriceTablePage {
    let renderer: PageRenderer
    let team: Team

    func view(for record: ProviderRecord, form: FormState?, problem: String?, language: Language) async throws -> PriceTableView {
        var stored: PriceSheet?
        if let id = record.id { stored = try await team.prices.sheet(providerID: id) }
        let sheet = stored ?? PriceBook.defaults(for: record)
        let provider = try? ProviderConnector.provider(for: record)
        let routes = provider.map(PriceBook.routes(for:)) ?? []
        let text = PriceText(renderer: renderer, language: language)
        var form = form ?? FormState(values: ["route": routes.first ?? "", "basis": PriceBasis.call.rawValue])
        if form.values["unit"] == nil { form.values["unit"] = sheet.unit }
        let lines = sheet.prices.map { price in
            PriceLine(
                route: price.route, routeLabel: routeLabel(price.route, language: language), model: price.model,
                modelLabel: price.model.isEmpty ? renderer.text("prices_any_model", in: language) : price.model,
                amount: PriceText.number(price.amount), basis: text.basis(price.basis), note: price.note,
                bases: PriceBook.bases(for: price.route).map { SelectOption(value: $0.rawValue, label: text.basis($0), selected: $0 == price.basis) })
        }
        let unpriced = routes.filter { route in !sheet.prices.contains { $0.route == route } }
        return PriceTableView(
            unit: sheet.unit, isDefaults: stored == nil, lines: lines, hasLines: !lines.isEmpty,
            unpriced: unpriced.map { UnpricedRoute(label: routeLabel($0, language: language)) }, hasUnpriced: !unpriced.isEmpty,
            routes: routes.map { SelectOption(value: $0, label: routeLabel($0, language: language), selected: $0 == form.values["route"]) },
            bases: PriceBasis.allCases.map { SelectOption(value: $0.rawValue, label: text.basis($0), selected: $0.rawValue == form.values["basis"]) },
            form: PriceFormView(form), canImport: provider?.publishesPricing == true, problem: problem)
    }

    private func routeLabel(_ route: String, language: Language) -> String {
        renderer.hasText("route_" + route) ? renderer.text("route_" + route, in: language) : route
    }
}
