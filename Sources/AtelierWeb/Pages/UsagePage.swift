/// The view of `usage.mustache`: a month's spend in totals per unit, per member, provider,
/// model and day, and the months to choose from.
struct UsagePage {
    /// The month shown (`yyyy-MM`).
    let month: String
    let months: [UsageMonth]
    let isEmpty: Bool
    let totals: [UsageLine]
    let byMember: [UsageLine]
    let byProvider: [UsageLine]
    let byModel: [UsageLine]
    let byDay: [UsageLine]
}

/// One month of the month chooser.
struct UsageMonth {
    let value: String
    let selected: Bool
}

/// One line of a usage table: what was spent on `label` in `unit`, and over how many entries.
struct UsageLine {
    let label: String
    let unit: String
    let amount: String
    let entries: Int
}
