/// The view of `providers.mustache`: every provider with its active keys' masks, reminders of
/// keys to renew, and the form to add one.
struct ProvidersPage {
    /// The confirmation after a change (`?done=…`); `problem` is never set here but the shared
    /// flash partial shows it.
    let flash: String?
    let problem: String?
    /// One line per key that expires soon.
    let reminders: [String]
    let providers: [ProviderRow]
    let form: ProviderFormView
    let presets: [PresetChoice]
    let modes: [SelectOption]
    let auths: [SelectOption]
}

/// One provider of the list.
struct ProviderRow {
    let id: Int64
    let name: String
    let baseURL: String
    let isDemo: Bool
    /// The preset's display name.
    let preset: String
    /// The active keys' masks, comma-separated.
    let masks: String
    let hasNoKey: Bool
}
