/// The view of `audit.mustache`: one page of the audit log.
struct AuditPage {
    /// The action filter as typed (shown back in the form).
    let action: String
    let events: [AuditRow]
    let isEmpty: Bool
    /// The link to the next older page, when there is one.
    let older: String?
}

/// One audit event as the log shows it.
struct AuditRow {
    let at: String
    let actor: String
    let action: String
    let target: String
    let detail: String
    let address: String
    /// A failed attempt (`….failed`), highlighted.
    let isFailure: Bool
}
