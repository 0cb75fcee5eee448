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
            // One seek per provider on the (provider, time) index, not a pass over every reading.
            let readings = try BalanceReading.fetchAll(db, sql: """
                SELECT balanceReading.* FROM provider JOIN balanceReading ON balanceReading.id = (
                  SELECT id FROM balanceReading WHERE providerId = provider.id ORDER BY readAt DESC, id DESC LIMIT 1)
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

    /// A point of a balance history: seconds since 1970 and the amount.
    public struct Point: Sendable, Hashable {
        public var time: Double
        public var amount: Double

        public init(time: Double, amount: Double) {
            self.time = time
            self.amount = amount
        }
    }

    /// Every provider's history since a time, oldest first, thinned to the last reading of each
    /// `bucketHours` of a UTC day (a 30-day chart needs no more), by provider id. One query for
    /// the page, in the order of the (provider, time) index; SQLite turns the stored times into
    /// seconds (`julianday`, much cheaper than `strftime`) and the thinning happens here.
    public func series(since: Date, bucketHours: Int) async throws -> [Int64: [Point]] {
        precondition((1...24).contains(bucketHours) && 24 % bucketHours == 0, "bucketHours must divide a day")
        let bucketSeconds = Double(bucketHours * 3600)
        return try await database.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT providerId, (julianday(readAt) - 2440587.5) * 86400.0, amount FROM balanceReading
                WHERE providerId IN (SELECT id FROM provider) AND readAt >= ? ORDER BY providerId, readAt
                """, arguments: [since])
            var series: [Int64: [Point]] = [:]
            var provider: Int64?
            var points: [Point] = []
            var lastBucket = Double.nan
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let point = Point(time: row[1], amount: row[2])
                if id != provider {
                    if let provider { series[provider] = points }
                    provider = id
                    points = []
                    lastBucket = .nan
                }
                let bucket = (point.time / bucketSeconds).rounded(.down)
                if bucket == lastBucket { points[points.count - 1] = point } else { points.append(point) }
                lastBucket = bucket
            }
            if let provider { series[provider] = points }
            return series
        }
    }

    /// Spend per day over `points` (oldest first): the sum of every drop between consecutive
    /// points (top-ups are not spend) over the time they span. Nil under an hour of history.
    public static func dailySpend(_ points: [Point]) -> Double? {
        guard let first = points.first, let last = points.last else { return nil }
        let span = last.time - first.time
        guard span >= 3600 else { return nil }
        var spent = 0.0
        for (earlier, later) in zip(points, points.dropFirst()) where later.amount < earlier.amount {
            spent += earlier.amount - later.amount
        }
        return spent / (span / 86_400)
    }

    /// Spend per day over `readings` (oldest first): the sum of every drop between consecutive
    /// readings (top-ups are not spend) over the time they span. Nil under an hour of history.
    public static func dailySpend(_ readings: [BalanceReading]) -> Double? {
        dailySpend(readings.map { Point(time: $0.readAt.timeIntervalSince1970, amount: $0.amount) })
    }

    /// Days the balance lasts at `dailySpend`; nil when nothing is being spent.
    public static func daysLeft(balance: Double, dailySpend: Double?) -> Double? {
        guard let dailySpend, dailySpend > 0 else { return nil }
        return max(0, balance / dailySpend)
    }
}
