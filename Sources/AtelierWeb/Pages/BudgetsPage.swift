/// The view of `budgets.mustache`: a page of this month's budgets with their spend, and the form
/// to set or remove one.
struct BudgetsPage {
    /// The confirmation after a change (`?done=…`); `problem` is never set here but the shared
    /// flash partial shows it.
    let flash: String?
    let problem: String?
    let pager: PagerView
    /// This month (`yyyy-MM`), the month the spend is counted in.
    let month: String
    let budgets: [BudgetRow]
    let isEmpty: Bool
    let form: BudgetForm
    let members: [BudgetChoice]
    let providers: [BudgetChoice]
}

/// One budget with this month's spend.
struct BudgetRow {
    let member: String
    let provider: String
    let limit: String
    let spent: String
    let remaining: String
    /// The spend as a share of the limit, 0–100, for the meter.
    let share: Int
    let isOver: Bool
    /// How many entries had no price, said apart (never as zero); empty when every one had.
    let unpriced: String
}

/// One member or provider the budget form offers.
struct BudgetChoice {
    let id: Int64
    let name: String
    let selected: Bool
}

/// The budget form as it comes back: the limit typed and a message per field.
typealias BudgetForm = FormView<BudgetFields>

/// The fields of that form, by the names the template reads.
struct BudgetFields: FormFields {
    let monthly_limit = "monthly_limit"
    let member = "member"
    let provider = "provider"
}
