import Foundation
import GRDB

/// Monthly budgets per member and provider, and the check a submission passes before any
/// provider is called.
public struct BudgetStore: Sendable {
    let database: AtelierDatabase

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// A budget as the budgets page shows it.
    public struct Listing: Sendable, Hashable {
        public var budget: Budget
        public var memberName: String
        public var providerName: String
        public var spent: Double
        /// This month's usage entries without a price: their spend is unknown, not 0.
        public var unpriced: Int
        public var remaining: Double { budget.monthlyLimit - spent }
    }

    /// The outcome of a budget check.
    public enum Decision: Sendable, Equatable {
        /// No budget applies.
        case unlimited
        /// Within budget; what would remain after the cost.
        case allowed(remainingAfter: Double, limit: Double)
        /// No price is set for what is asked, and the budget is not used up yet: allowed, and
        /// counted as unknown spend (never as free).
        case allowedWithoutPrice(remaining: Double, limit: Double)
        /// The cost would pass the budget (or, without a price, the budget is used up already).
        /// `spent` counts the member's tasks still running; `cost` is nil without a price.
        case refused(limit: Double, spent: Double, cost: Double?)
    }

    /// Sets (or with nil, removes) a member's monthly budget on a provider.
    public func set(memberID: Int64, providerID: Int64, monthlyLimit: Double?, by actor: Actor) async throws {
        if let monthlyLimit, !Budget.isAllowed(limit: monthlyLimit) {
            throw ValidationFailure([FieldError(field: "monthly_limit", code: "budget_limit_range")])
        }
        let monthlyLimit = monthlyLimit.map { $0 == 0 ? 0 : $0 }  // -0 is stored as 0
        try await database.write { db in
            guard let member = try Member.fetchOne(db, key: memberID), let provider = try ProviderRecord.fetchOne(db, key: providerID)
            else { throw StoreError.notFound }
            let previous = try Budget.fetchOne(db, key: ["memberId": memberID, "providerId": providerID])
            if let monthlyLimit {
                try Budget(memberId: memberID, providerId: providerID, monthlyLimit: monthlyLimit).save(db)
            } else {
                try Budget.deleteOne(db, key: ["memberId": memberID, "providerId": providerID])
            }
            let before = previous.map { "\($0.monthlyLimit)" } ?? "none"
            let after = monthlyLimit.map { "\($0)" } ?? "none"
            try AuditLog.append(db, actor, "budget.changed", target: "\(member.name) / \(provider.name)", detail: "\(before) → \(after)")
        }
    }

    /// Every budget with this month's spend (a member's only, given `memberID`), by member then
    /// provider name.
    public func all(month: String, memberID: Int64? = nil) async throws -> [Listing] {
        try await database.read { db in
            try Self.listings(db, month: month, memberID: memberID, limit: -1, offset: 0)
        }
    }

    /// One page of `all(month:)` and the number of budgets in all (the budgets page shows a page at a time).
    public func page(month: String, limit: Int, offset: Int) async throws -> (listings: [Listing], total: Int) {
        try await database.read { db in
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM budget")) ?? 0
            return (try Self.listings(db, month: month, memberID: nil, limit: limit, offset: max(0, offset)), total)
        }
    }

    /// `limit` -1: no limit.
    private static func listings(_ db: Database, month: String, memberID: Int64?, limit: Int, offset: Int) throws -> [Listing] {
        let statement = try db.cachedStatement(sql: """
            SELECT budget.memberId, budget.providerId, budget.monthlyLimit, member.name, provider.name,
                   COALESCE(usageByBudgetMonth.amount, 0),
                   (SELECT COUNT(*) FROM usageEntry WHERE isPriced = 0 AND usageEntry.memberId = budget.memberId
                      AND usageEntry.providerId = budget.providerId AND day >= ?1 || '-01' AND day < ?1 || '-99')
            FROM budget
            JOIN member ON member.id = budget.memberId JOIN provider ON provider.id = budget.providerId
            LEFT JOIN usageByBudgetMonth ON usageByBudgetMonth.month = ?1
              AND usageByBudgetMonth.memberId = budget.memberId AND usageByBudgetMonth.providerId = budget.providerId
            WHERE ?2 IS NULL OR budget.memberId = ?2
            ORDER BY member.name COLLATE NOCASE, provider.name COLLATE NOCASE, budget.memberId, budget.providerId
            LIMIT ?3 OFFSET ?4
            """)
        return try Row.fetchAll(statement, arguments: [month, memberID, limit, offset]).map { row in
            Listing(budget: Budget(memberId: row[0], providerId: row[1], monthlyLimit: row[2]), memberName: row[3],
                    providerName: row[4], spent: row[5], unpriced: row[6])
        }
    }

    /// The one budget check, used by the studio (through the task engine) and by chat before any
    /// provider is called: whether something costing `cost` fits the member's budget on the
    /// provider this month, counting what the member has spent and what their tasks still
    /// running are expected to cost (`alsoPending`: more not written yet, such as the other
    /// tasks of one compare). Without a price (`cost` nil) it is allowed while the budget is not
    /// used up, and the spend is then shown as unknown.
    public func check(memberID: Int64, providerID: Int64, cost: Double?, alsoPending: Double = 0, now: Date = Date()) async throws -> Decision {
        let month = UsageEntry.month(of: now)
        return try await database.read { db in
            guard let budget = try Budget.fetchOne(db, key: ["memberId": memberID, "providerId": providerID]) else { return .unlimited }
            let spent = try UsageStore.spent(db, memberID: memberID, providerID: providerID, month: month)
                + Self.pendingCost(db, memberID: memberID, providerID: providerID) + alsoPending
            guard let cost else {
                if spent >= budget.monthlyLimit { return .refused(limit: budget.monthlyLimit, spent: spent, cost: nil) }
                return .allowedWithoutPrice(remaining: budget.monthlyLimit - spent, limit: budget.monthlyLimit)
            }
            if spent + cost > budget.monthlyLimit { return .refused(limit: budget.monthlyLimit, spent: spent, cost: cost) }
            return .allowed(remainingAfter: budget.monthlyLimit - spent - cost, limit: budget.monthlyLimit)
        }
    }

    /// What a member's unfinished, not yet charged tasks on a provider are expected to cost (so
    /// quick submits, or a chat beside running tasks, cannot pass a budget together). Tasks
    /// without a price add nothing.
    static func pendingCost(_ db: Database, memberID: Int64, providerID: Int64) throws -> Double {
        try Double.fetchOne(db, sql: """
            SELECT COALESCE(SUM(estimatedCost), 0) FROM task
            WHERE memberId = ? AND providerId = ? AND cost IS NULL AND status NOT IN ('succeeded', 'failed', 'cancelled')
            """, arguments: [memberID, providerID]) ?? 0
    }
}
