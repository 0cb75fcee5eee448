import TaskEngine

/// A studio page's provider picker in one language: each choice's form value and label
/// ("Relay — Imagine (0.05 USD per call)") and the models they suggest. Built from the providers
/// and their prices, and kept by the studio until one of them changes.
struct StudioMenu: Sendable {
    /// Which picker: a studio page in a language.
    struct Key: Hashable, Sendable {
        let page: StudioRoute.Page
        let language: Language
    }

    struct Entry: Sendable {
        let value: String
        let label: String
    }

    let entries: [Entry]
    let models: [String]

    init(choices: [StudioChoice], renderer: PageRenderer, language: Language) {
        let prices = PriceText(renderer: renderer, language: language)
        entries = choices.map { choice in
            Entry(value: choice.value, label: choice.providerName + " — " + renderer.text("route_" + choice.route.rawValue, in: language)
                + " (" + prices.describe(choice.price, unit: choice.unit) + ")")
        }
        models = Array(Set(choices.flatMap(\.models))).sorted()
    }
}
