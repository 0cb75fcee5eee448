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
struct StudioFormView {
    let hasErrors: Bool
    let submissionValue: String
    let submissionErrors: [String]
    let choiceErrors: [String]
    let modelValue: String
    let modelErrors: [String]
    let promptValue: String
    let promptErrors: [String]
    let negativePromptValue: String
    let negativePromptErrors: [String]
    let sizeErrors: [String]
    let countValue: String
    let countErrors: [String]
    let seedValue: String
    let seedErrors: [String]
    let lyricsValue: String
    let lyricsErrors: [String]
    let styleValue: String
    let titleValue: String
    let durationValue: String
    let durationErrors: [String]
    let aspectRatioErrors: [String]
    let referenceErrors: [String]
    let compareErrors: [String]
    let compareModelsValue: String

    init(_ form: FormState) {
        hasErrors = form.hasErrors
        submissionValue = form.typed("submission")
        submissionErrors = form.messages("submission")
        choiceErrors = form.messages("choice")
        modelValue = form.typed("model")
        modelErrors = form.messages("model")
        promptValue = form.typed("prompt")
        promptErrors = form.messages("prompt")
        negativePromptValue = form.typed("negative_prompt")
        negativePromptErrors = form.messages("negative_prompt")
        sizeErrors = form.messages("size")
        countValue = form.typed("count")
        countErrors = form.messages("count")
        seedValue = form.typed("seed")
        seedErrors = form.messages("seed")
        lyricsValue = form.typed("lyrics")
        lyricsErrors = form.messages("lyrics")
        styleValue = form.typed("style")
        titleValue = form.typed("title")
        durationValue = form.typed("duration")
        durationErrors = form.messages("duration")
        aspectRatioErrors = form.messages("aspect_ratio")
        referenceErrors = form.messages("reference")
        compareErrors = form.messages("compare")
        compareModelsValue = form.typed("compare_models")
    }
}
