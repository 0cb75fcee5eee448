/// A form's fields one at a time, for the per-page form views of compiled templates.
extension FormState {
    /// What was typed in `field`, empty when nothing was.
    func typed(_ field: String) -> String { values[field] ?? "" }

    /// The message beside `field` as the list a template repeats: empty when the field is fine
    /// (`add` keeps one joined message per field).
    func messages(_ field: String) -> [String] { errors[field].map { [$0] } ?? [] }
}
