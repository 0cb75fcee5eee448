/// The view of `studio.mustache`: one studio tab (image, music, video, speech) with its form,
/// the route choices with their prices and the viewer's budgets this month.
struct StudioPage {
    /// The page's kind (`image`, `music`, …), the form's action.
    let kind: String
    let tabs: [StudioTab]
    let isImage: Bool
    let isMusic: Bool
    let isVideo: Bool
    let isSpeech: Bool
    /// Image and video routes take reference images; speech takes a recording.
    let takesReference: Bool
    let takesRecording: Bool
    /// Every provider and route the page offers, with its price; also the compare checkboxes.
    let choices: [StudioOption]
    let hasChoices: Bool
    /// Suggested models of every choice, for the model field's list.
    let models: [String]
    let sizes: [StudioPreset]
    let ratios: [StudioPreset]
    let voices: [StudioPreset]
    let instrumental: Bool
    let budgets: [StudioBudget]
    let hasBudgets: Bool
    /// The month the budgets are for (`2026-12`).
    let month: String
    let form: StudioFormView
}

/// One tab of the studio's kinds.
struct StudioTab {
    let href: String
    let label: String
    let active: Bool
}

/// One provider and route of the choice list, labelled with its price.
struct StudioOption {
    /// `<provider id>|<route>`, as `StudioChoice.value`.
    let value: String
    let label: String
    let selected: Bool
    /// Ticked among the compare checkboxes.
    let compared: Bool
}

/// One fixed value of a select (size, aspect ratio, voice).
struct StudioPreset {
    let value: String
    let selected: Bool
}

/// One of the viewer's budgets this month.
struct StudioBudget {
    let provider: String
    let limit: String
    let remaining: String
    let isOver: Bool
    /// How many of the month's entries have no price ("" when none).
    let unpriced: String
}

/// The studio form as the page shows it again: what was typed, and the message beside each
/// field that has a problem (one joined message, as `FormState` keeps it, or none).
typealias StudioFormView = FormView<StudioFields>

/// The fields of that form, by the names the template reads.
struct StudioFields: FormFields {
    let submission = "submission"
    let choice = "choice"
    let model = "model"
    let prompt = "prompt"
    let negative_prompt = "negative_prompt"
    let size = "size"
    let count = "count"
    let seed = "seed"
    let lyrics = "lyrics"
    let style = "style"
    let title = "title"
    let duration = "duration"
    let aspect_ratio = "aspect_ratio"
    let reference = "reference"
    let compare = "compare"
    let compare_models = "compare_models"
}
