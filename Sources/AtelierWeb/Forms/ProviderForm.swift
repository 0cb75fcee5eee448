import AtelierStore
import FastCGI
import RelayClient

/// The provider form: reading it from a request, and the choices it offers.
struct ProviderForm {
    /// The text fields kept on the form when it comes back (never the dashboard token).
    static let keptFields = ["name", "preset", "base_url", "auth_kind", "auth_header", "midjourney_mode", "warning_threshold",
                             "dashboard_user_id"]

    var values: [String: String]
    var input: ProviderStore.Input
    /// nil keeps the sealed token (edit form); empty removes it.
    var dashboardToken: String?
    var problems: [FieldError]

    /// Reads the form. A preset fixes the auth scheme; only `custom` lets the lead choose it.
    init(_ form: FormData, editing: ProviderRecord? = nil) {
        var values: [String: String] = [:]
        for field in Self.keptFields { values[field] = (form[field] ?? "").trimmingCharacters(in: .whitespaces) }
        let presetID = editing?.preset ?? values["preset"] ?? ""
        values["preset"] = presetID
        var problems: [FieldError] = []
        let preset = Presets.named(presetID)
        if preset == nil || presetID == "demo" && editing == nil { problems.append(FieldError(field: "preset", code: "invalid_choice")) }
        var authKind = AuthKind.bearer
        var authHeader: String?
        switch preset?.auth {
        case .accessKeyPair?: authKind = .accessKeyPair
        case .header(let name)?: authKind = .header; authHeader = name
        case .bearer?, nil:
            if presetID == "custom" {
                guard let chosen = AuthKind(rawValue: values["auth_kind"] ?? "bearer") else {
                    problems.append(FieldError(field: "auth_kind", code: "invalid_choice"))
                    break
                }
                authKind = chosen
                authHeader = chosen == .header ? values["auth_header"] : nil
            }
        }
        var threshold: Double?
        if let text = values["warning_threshold"], !text.isEmpty {
            if let number = Double(text) { threshold = number } else {
                problems.append(FieldError(field: "warning_threshold", code: "not_a_positive_number"))
            }
        }
        let token = form["dashboard_token"]?.trimmingCharacters(in: .whitespaces)
        self.values = values
        self.input = ProviderStore.Input(
            name: values["name"] ?? "", preset: presetID, baseURL: values["base_url"] ?? "", authKind: authKind, authHeader: authHeader,
            midjourneyMode: values["midjourney_mode"], warningThreshold: threshold, dashboardUserID: values["dashboard_user_id"])
        self.dashboardToken = editing == nil ? token : (form["clear_dashboard_token"] == "on" ? "" : (token?.isEmpty == false ? token : nil))
        self.problems = problems
    }

    /// The presets a lead can add (the demo relay is added by Atelier itself).
    static func presetChoices(selected: String?, renderer: PageRenderer, language: Language) -> [PresetChoice] {
        Presets.all.filter { $0.id != "demo" }.map { preset in
            PresetChoice(value: preset.id, label: PresetName.text(id: preset.id, renderer: renderer, language: language), baseURL: preset.baseURL, hasBaseURL: !preset.baseURL.isEmpty,
                         selected: preset.id == selected)
        }
    }

    static func modeChoices(selected: String?) -> [SelectOption] {
        ["", "mj-fast", "mj-relax", "mj-turbo"].map {
            SelectOption(value: $0, label: $0.isEmpty ? "/mj" : "/\($0)/mj", selected: $0 == (selected ?? ""))
        }
    }

    static func authChoices(selected: String?, renderer: PageRenderer, language: Language) -> [SelectOption] {
        AuthKind.allCases.map {
            SelectOption(value: $0.rawValue, label: renderer.text("auth_\($0.rawValue)", in: language), selected: $0.rawValue == (selected ?? "bearer"))
        }
    }
}

/// A preset as the add form offers it: its name with its base URL, when it has one.
struct PresetChoice {
    let value: String
    let label: String
    let baseURL: String
    let hasBaseURL: Bool
    let selected: Bool
}

/// The provider form (adding one, or a provider's settings) as a page shows it: what was typed
/// (never the dashboard token) and the message beside each field.
typealias ProviderFormView = FormView<ProviderSettingsFields>

/// The fields of that form, by the names the template reads.
struct ProviderSettingsFields: FormFields {
    let name = "name"
    let base_url = "base_url"
    let auth_header = "auth_header"
    let warning_threshold = "warning_threshold"
    let dashboard_user_id = "dashboard_user_id"
    let preset = "preset"
    let auth_kind = "auth_kind"
    let midjourney_mode = "midjourney_mode"
}
