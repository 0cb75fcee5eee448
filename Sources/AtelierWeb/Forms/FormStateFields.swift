/// One field of a `FormState` as a compiled page's form view holds it.
extension FormState {
    /// What was typed in `field`, or "" when it was not sent.
    func shownValue(_ field: String) -> String {
        values[field] ?? ""
    }

    /// The message beside `field`: none, or the one (joined) message `add` kept.
    func messages(_ field: String) -> [String] {
        errors[field].map { [$0] } ?? []
    }
}
