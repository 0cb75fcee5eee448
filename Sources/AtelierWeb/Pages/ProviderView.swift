/// The view of `provider.mustache`: one provider's facts, the connection test's outcome, its price
/// table, its keys and the forms to add keys and change the settings.
struct ProviderView {
    /// The confirmation after a change (`?done=…`).
    let flash: String?
    /// Why a key could not be rotated.
    let problem: String?
    let provider: ProviderFacts
    let settings: ProviderFormView
    let modes: [SelectOption]
    let auths: [SelectOption]
    let keys: [KeyRow]
    let hasKeys: Bool
    let keyForm: KeyFormView
    /// The outcome of "Test connection", when the page answers one.
    let test: ConnectionTestBanner?
    let prices: PriceTableView
}

/// What the page says about the provider itself.
struct ProviderFacts {
    let id: Int64
    let name: String
    let isDemo: Bool
    let baseURL: String
    /// The preset's display name.
    let preset: String
    /// Only a custom relay lets the lead choose its auth scheme.
    let isCustom: Bool
    /// The protocol families of its preset, in the page's language.
    let families: String
    /// Keys are access key pairs: the key forms ask for the second half.
    let needsPair: Bool
    let hasDashboardToken: Bool
    /// The auth scheme in words, with its header when it has one.
    let auth: String
}

/// One key of the provider, shown only as its mask.
struct KeyRow {
    let id: Int64
    let label: String
    let mask: String
    /// The status in the page's language.
    let status: String
    let isActive: Bool
    let spent: String
    let unit: String
    /// `yyyy-MM-dd`, empty when the key does not expire.
    let expiresOn: String
    let needsReminder: Bool
    let createdAt: String
}

/// The add-key form as it comes back: the label and expiry typed (never the secret) and a
/// message per field.
typealias KeyFormView = FormView<KeyFields>

/// The fields of that form, by the names the template reads.
struct KeyFields: FormFields {
    let label = "label"
    let expires_on = "expires_on"
    let secret = "secret"
    let pair_secret = "pair_secret"
}

/// The outcome of a connection test: `tone` is the CSS class (`flash`, `problem` or `banner`).
struct ConnectionTestBanner {
    let tone: String
    let message: String
}
