import AtelierStore

/// A form as a page shows it again: what was typed (never secrets), and a translated message
/// beside each field that has a problem.
struct FormState {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]

    init(values: [String: String] = [:]) {
        self.values = values
    }

    /// Puts each error's translated message beside its field (several on one field are joined).
    mutating func add(_ failure: ValidationFailure, renderer: PageRenderer, language: Language) {
        for error in failure.errors {
            let message = FieldMessages.text(for: error, renderer: renderer, language: language)
            errors[error.field] = errors[error.field].map { $0 + " " + message } ?? message
        }
    }

    var hasErrors: Bool { !errors.isEmpty }
}

/// Translated messages for field errors: `field_<code>` with `{limit}` filled in.
enum FieldMessages {
    static func text(for error: FieldError, renderer: PageRenderer, language: Language) -> String {
        let template = renderer.text("field_\(error.code)", in: language)
        return template.replacingOccurrences(of: "{limit}", with: error.limit.map(String.init) ?? "")
    }
}
