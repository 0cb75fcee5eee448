/// The price table section of a provider's page (`page.prices` in `provider.mustache`).
struct PriceTableView {
    /// The provider's one unit.
    let unit: String
    /// No price was written down yet: these are the preset's defaults.
    let isDefaults: Bool
    let lines: [PriceLine]
    let hasLines: Bool
    /// The routes the provider offers that have no price.
    let unpriced: [UnpricedRoute]
    let hasUnpriced: Bool
    let routes: [SelectOption]
    let bases: [SelectOption]
    let form: PriceFormView
    /// The relay publishes its prices (`/api/pricing`): offer the import.
    let canImport: Bool
    /// Why an import failed.
    let problem: String?
}

/// One price with its edit and remove forms.
struct PriceLine {
    let route: String
    let routeLabel: String
    /// Empty for any model.
    let model: String
    let modelLabel: String
    let amount: String
    /// The basis in words.
    let basis: String
    let note: String
    /// The bases the edit form offers for this route.
    let bases: [SelectOption]
}

/// A route without a price.
struct UnpricedRoute {
    let label: String
}

/// The price and unit forms as they come back: what was typed and a message per field.
typealias PriceFormView = FormView<PriceFields>

/// The fields of that form, by the names the template reads.
struct PriceFields: FormFields {
    let unit = "unit"
    let model = "model"
    let amount = "amount"
    let route = "route"
    let basis = "basis"
}
