import AtelierEngine
import AtelierStore
import RelayClient
import TaskEngine

/// The price table section of a provider's page, as a template value: the lines with their
/// edit and remove forms, the routes that have no price, the unit, and the form to set a price
/// (`form` is one that came back with problems).
struct PriceTablePage {
    let renderer: PageRenderer
    let team: Team

    func value(for record: ProviderRecord, form: FormState?, problem: String?, language: Language) async throws -> [String: Any] {
        var stored: PriceSheet?
        if let id = record.id { stored = try await team.prices.sheet(providerID: id) }
        let sheet = stored ?? PriceBook.defaults(for: record)
        let provider = try? ProviderConnector.provider(for: record)
        let routes = provider.map(PriceBook.routes(for:)) ?? []
        let text = PriceText(renderer: renderer, language: language)
        var form = form ?? FormState(values: ["route": routes.first ?? "", "basis": PriceBasis.call.rawValue])
        if form.values["unit"] == nil { form.values["unit"] = sheet.unit }
        let lines = sheet.prices.map { price -> [String: Any] in
            [
                "route": price.route, "routeLabel": routeLabel(price.route, language: language), "model": price.model,
                "modelLabel": price.model.isEmpty ? renderer.text("prices_any_model", in: language) : price.model,
                "amount": PriceText.number(price.amount), "basis": text.basis(price.basis), "note": price.note,
                "bases": PriceBook.bases(for: price.route).map { basis -> [String: Any] in
                    ["value": basis.rawValue, "label": text.basis(basis), "selected": basis == price.basis]
                },
            ]
        }
        let unpriced = routes.filter { route in !sheet.prices.contains { $0.route == route } }
        return [
            "unit": sheet.unit,
            "isDefaults": stored == nil,
            "lines": lines, "hasLines": !lines.isEmpty,
            "unpriced": unpriced.map { ["label": routeLabel($0, language: language)] }, "hasUnpriced": !unpriced.isEmpty,
            "routes": routes.map { route -> [String: Any] in
                ["value": route, "label": routeLabel(route, language: language), "selected": route == form.values["route"]]
            },
            "bases": PriceBasis.allCases.map { basis -> [String: Any] in
                ["value": basis.rawValue, "label": text.basis(basis), "selected": basis.rawValue == form.values["basis"]]
            },
            "form": form.templateValue,
            "canImport": provider?.publishesPricing == true,
            // Left out when absent: a nil held in Any would print "nil" in an alert.
            "problem": problem.map { [$0] } ?? [],
        ]
    }

    private func routeLabel(_ route: String, language: Language) -> String {
        renderer.hasText("route_" + route) ? renderer.text("route_" + route, in: language) : route
    }
}
