import Foundation
import GRDB

/// Usage entries (what finished tasks cost) and their sums. Sums read small tables that a
/// trigger keeps up to date (per member, provider and model each month, per day, per budget and
/// per key), so a page reads a few rows whatever the number of entries.
public struct UsageStore: Sendable {
    let database: AtelierDatabase

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// One line of a summary.
    public struct Line: Sendable, Hashable {
        public var label: String
        public var unit: String
        public var amount: Double
        public var entries: Int
    }

    /// A month's spend, four ways.
    public struct Summary: Sendable {
        public var month: String
        public var byMember: [Line]
        public var byProvider: [Line]
        public var byModel: [Line]
        public var byDay: [Line]
        public var totals: [Line]
    }

    /// Records one entry (its daily sum follows through the trigger).
    public func record(_ entry: UsageEntry) async throws {
        try await database.write { db in
            var entry = entry
            try entry.insert(db)
        }
    }

    /// Records many entries in one transaction (imports, benchmarks).
    public func record(contentsOf entries: [UsageEntry]) async throws {
        try await database.write { db in
            for var entry in entries { try entry.insert(db) }
        }
    }

    /// What a member has spent on a provider in a month (`yyyy-MM`).
    public func spent(memberID: Int64, providerID: Int64, month: String) async throws -> Double {
        try await database.read { db in try Self.spent(db, memberID: memberID, providerID: providerID, month: month) }
    }

    static func spent(_ db: Database, memberID: Int64, providerID: Int64, month: String) throws -> Double {
        try Double.fetchOne(db, sql: "SELECT amount FROM usageByBudgetMonth WHERE month = ? AND memberId = ? AND providerId = ?",
                            arguments: [month, memberID, providerID]) ?? 0
    }

    /// The month's spend per member, provider, model and day, and the totals per unit.
    public func summary(month: String) async throws -> Summary {
        try await database.read { db in
            // Five statements over views on every load of the usage page: each prepared once per
            // connection, its rows read by position.
            func lines(_ sql: String, _ arguments: StatementArguments) throws -> [Line] {
                try StatementColumns.rows(of: try db.cachedStatement(sql: sql), arguments: arguments) { columns in
                    Line(label: try columns.optionalText(0) ?? "", unit: try columns.optionalText(1) ?? "",
                         amount: try columns.optionalReal(2) ?? 0, entries: try columns.integer(3))
                }
            }
            let days: StatementArguments = [month + "-01", month + "-99"]
            return Summary(
                month: month,
                byMember: try lines("SELECT memberName, unit, amount, entries FROM usageByMemberMonth WHERE month = ? ORDER BY amount DESC", [month]),
                byProvider: try lines("SELECT providerName, unit, amount, entries FROM usageByProviderMonth WHERE month = ? ORDER BY amount DESC", [month]),
                byModel: try lines("SELECT model, unit, amount, entries FROM usageByModelMonth WHERE month = ? ORDER BY amount DESC", [month]),
                byDay: try lines("SELECT day, unit, amount, entries FROM usageByDay WHERE day >= ? AND day < ? ORDER BY day", days),
                totals: try lines("SELECT '', unit, SUM(amount), SUM(entries) FROM usageByDay WHERE day >= ? AND day < ? GROUP BY unit ORDER BY unit", days))
        }
    }

    /// The months that have usage, newest first.
    public func months() async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT month FROM usageByProviderMonth ORDER BY month DESC"))
        }
    }

    /// Every entry of a month, oldest first, handed to `body` one at a time (for CSV export
    /// without holding them all).
    public func forEachEntry(month: String, _ body: @escaping @Sendable (UsageEntry) throws -> Void) async throws {
        try await database.read { db in
            let cursor = try UsageEntry.filter(Column("day") >= month + "-01" && Column("day") < month + "-99")
                .order(Column("id")).fetchCursor(db)
            while let entry = try cursor.next() { try body(entry) }
        }
    }
}
