/// The view of `balances.mustache`: every provider's balance, warnings and totals per unit.
struct BalancesPage {
    /// The confirmation after a refresh (`?done=…`); `problem` is never set here but the shared
    /// flash partial shows it.
    let flash: String?
    let problem: String?
    /// One line per provider below its threshold.
    let warnings: [String]
    let hasTotals: Bool
    let totals: [BalanceTotal]
    let providers: [BalanceRow]
}

/// The sum of every relay's balance in one unit.
struct BalanceTotal {
    let amount: String
    let unit: String
}

/// One provider's row: its latest reading (when there is one), pace, chart and last error.
struct BalanceRow {
    let id: String
    let name: String
    let isDemo: Bool
    let hasEndpoint: Bool
    let error: String?
    let errorAt: String?
    let hasReading: Bool
    let amount: String?
    let unit: String?
    let readAt: String?
    let used: String?
    let hasDaysLeft: Bool
    let daysLeft: String?
    let dailySpend: String?
    let isLow: Bool
    let threshold: String?
    let chart: BalanceChart?
}
