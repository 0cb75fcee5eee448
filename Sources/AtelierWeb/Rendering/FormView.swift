/// The fields of one form as its template names them: one `String` property per field, holding
/// the field's name in the form (`let display_name = "display_name"`). A compiled template reads
/// `page.form.values.<field>` through these properties, so a field the form lacks does not build.
protocol FormFields {
    init()
}

/// A `FormState` as a compiled template reads it: what was typed and the messages beside each
/// field, by field (`page.form.values.name`, `{{#page.form.errors.name}}…{{.}}…{{/…}}`).
struct FormView<Fields: FormFields> {
    /// What was typed, by field; an empty string for a field not sent back.
    let values: FieldTexts<Fields, String>
    /// The messages beside each field: none, or the one `FormState` keeps (several problems with
    /// one field are joined in it, so the page shows one line per field as before).
    let errors: FieldTexts<Fields, [String]>
    let hasErrors: Bool

    init(_ state: FormState) {
        values = FieldTexts(state.values, absent: "")
        errors = FieldTexts(state.errors.mapValues { [$0] }, absent: [])
        hasErrors = state.hasErrors
    }
}

/// One text per field of `Fields`, read as a property: `values.name` is the text of the field
/// `Fields().name` names.
@dynamicMemberLookup
struct FieldTexts<Fields: FormFields, Value> {
    private let byName: [String: Value]
    private let absent: Value

    init(_ byName: [String: Value], absent: Value) {
        self.byName = byName
        self.absent = absent
    }

    subscript(dynamicMember field: KeyPath<Fields, String>) -> Value {
        byName[Fields()[keyPath: field]] ?? absent
    }
}
