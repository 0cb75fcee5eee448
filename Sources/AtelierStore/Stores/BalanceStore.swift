import Foundation
import GRDB

/// Balance readings and what they tell: the latest per provider, a history, the daily spend
/// and the days left at that pace.
public struct BalanceStore: Sendable {
    let database: AtelierDatabase
    /// The newest reading per provider, kept until a reading or provider changes.
    private let newest = VersionedCache<Int, [Int64: BalanceReading]>()
    /// Chart points from a bucket on, by that bucket, kept likewise (a new bucket every 8 hours).
    private let charts = VersionedCache<Int, [Int64: [Point]]>(limit: 2)

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
            try newest.value(db, counter: .balances, for: 0) { db in
                // One seek per provider on the (provider, time) index, not a pass over every reading.
                let readings = try BalanceReading.fetchAll(db, sql: """
                    SELECT balanceReading.* FROM provider JOIN balanceReading ON balanceReading.id = (
                      SELECT id FROM balanceReading WHERE providerId = provider.id ORDER BY readAt DESC, id DESC LIMIT 1)
                    """)
                return Dictionary(readings.map { ($0.providerId, $0) }, uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// A provider's readings since a time, oldest first.
    public func history(providerID: Int64, since: Date) async throws -> [BalanceReading] {
        try await database.read { db in
            try BalanceReading.filter(Column("providerId") == providerID && Column("readAt") >= DatabaseTimestamp(since))
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

    /// Width of a chart bucket: one point per 8 hours, 90 for a 30-day chart of 300 pixels.
    public static let chartBucketSeconds = 8 * 3600

    /// Every provider's history since a time, oldest first, thinned to the last reading of each
    /// 8-hour bucket of UTC time, by provider id. Read from the points a trigger keeps
    /// (`balanceChartPoint`), in the order of their primary key.
    public func chartSeries(since: Date) async throws -> [Int64: [Point]] {
        let firstBucket = Int((since.timeIntervalSince1970 / Double(Self.chartBucketSeconds)).rounded(.down))
        let from = since.timeIntervalSince1970
        // The points from the first bucket on are kept until a reading changes; only that
        // bucket's points can be older than `since`.
        let fromBucket = try await database.read { db in
            try charts.value(db, counter: .balances, for: firstBucket) { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT providerId, time, amount FROM balanceChartPoint WHERE bucket >= ? ORDER BY providerId, bucket
                    """)
                let rows = try Row.fetchCursor(statement, arguments: [firstBucket])
                var series: [Int64: [Point]] = [:]
                while let row = try rows.next() {
                    series[row[0], default: []].append(Point(time: row[1], amount: row[2]))
                }
                return series
            }
        }
        return fromBucket.compactMapValues { points in
            guard let first = points.firstIndex(where: { $0.time >= from }) else { return nil }
            return first == 0 ? points : Array(points[first...])
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
