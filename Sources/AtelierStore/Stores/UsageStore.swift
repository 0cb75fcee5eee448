import Foundation
import GRDB

/// Usage entries (what finished tasks cost) and their sums. Sums read the `usageDaily` table,
/// which triggers keep up to date, so a month is a few hundred rows whatever the entry count.
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
        try Double.fetchOne(db, sql: """
            SELECT COALESCE(SUM(amount), 0) FROM usageDaily
            WHERE memberId = ? AND providerId = ? AND day >= ? AND day < ?
            """, arguments: [memberID, providerID, month + "-01", month + "-99"]) ?? 0
    }

    /// The month's spend per member, provider, model and day, and the totals per unit.
    public func summary(month: String) async throws -> Summary {
        try await database.read { db in
            func lines(_ label: String, order: String = "amount DESC") throws -> [Line] {
                try Row.fetchAll(db, sql: """
                    SELECT \(label) AS label, unit, SUM(amount) AS amount, SUM(entries) AS entries FROM usageDaily
                    WHERE day >= ? AND day < ? GROUP BY \(label), unit ORDER BY \(order)
                    """, arguments: [month + "-01", month + "-99"]).map {
                    Line(label: $0["label"], unit: $0["unit"], amount: $0["amount"], entries: $0["entries"])
                }
            }
            return Summary(month: month, byMember: try lines("memberName"), byProvider: try lines("providerName"),
                           byModel: try lines("model"), byDay: try lines("day", order: "day"), totals: try lines("''", order: "unit"))
        }
    }

    /// The months that have usage, newest first.
    public func months() async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT substr(day, 1, 7) AS month FROM usageDaily ORDER BY month DESC")
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
