import Foundation
import GRDB

/// Balance readings and what they tell: the latest per provider, a history, the daily spend
/// and the days left at that pace.
public struct BalanceStore: Sendable {
    let database: AtelierDatabase

    public init(database: AtelierDatabase) {
        self.database = database
    }

    /// Saves a reading and clears the provider's last refresh error.
    public func record(_ reading: BalanceReading) async throws {
        try await database.write { db in
            var reading = reading
            try reading.insert(db)
            try db.execute(sql: "UPDATE provider SET lastBalanceError = NULL, lastBalanceErrorAt = NULL WHERE id = ?",
                           arguments: [reading.providerId])
        }
    }

    /// The newest reading of every provider that has one, by provider id.
    public func latest() async throws -> [Int64: BalanceReading] {
        try await database.read { db in
            let readings = try BalanceReading.fetchAll(db, sql: """
                SELECT * FROM balanceReading WHERE id IN (SELECT MAX(id) FROM balanceReading GROUP BY providerId)
                """)
            return Dictionary(readings.map { ($0.providerId, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// A provider's readings since a time, oldest first.
    public func history(providerID: Int64, since: Date) async throws -> [BalanceReading] {
        try await database.read { db in
            try BalanceReading.filter(Column("providerId") == providerID && Column("readAt") >= since)
                .order(Column("readAt")).fetchAll(db)
        }
    }

    /// Spend per day over `readings` (oldest first): the sum of every drop between consecutive
    /// readings (top-ups are not spend) over the time they span. Nil under an hour of history.
    public static func dailySpend(_ readings: [BalanceReading]) -> Double? {
        guard let first = readings.first, let last = readings.last else { return nil }
        let span = last.readAt.timeIntervalSince(first.readAt)
        guard span >= 3600 else { return nil }
        var spent = 0.0
        for (earlier, later) in zip(readings, readings.dropFirst()) where later.amount < earlier.amount {
            spent += earlier.amount - later.amount
        }
        return spent / (span / 86_400)
    }

    /// Days the balance lasts at `dailySpend`; nil when nothing is being spent.
    public static func daysLeft(balance: Double, dailySpend: Double?) -> Double? {
        guard let dailySpend, dailySpend > 0 else { return nil }
        return max(0, balance / dailySpend)
    }
}
