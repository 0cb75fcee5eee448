@testable import AtelierStore
import GRDB
import XCTest

final class UsageBudgetThrottleTests: XCTestCase {
    func testBudgetsRefuseWhatWouldPassThemAndSumsAreExact() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let ada = try await team.members.add(name: "ada", displayName: "", role: .member, password: "ada password", by: .system)
        let provider = try await team.providers.add(ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example",
                                                                        authKind: .bearer), by: .system)
        let unlimited = try await team.budgets.check(memberID: ada.id!, providerID: provider.id!, cost: 100)
        XCTAssertEqual(unlimited, .unlimited)
        try await team.budgets.set(memberID: ada.id!, providerID: provider.id!, monthlyLimit: 1.0, by: StoreFixture.lead)
        let now = Date()
        for amount in [0.25, 0.5] {
            try await team.usage.record(UsageEntry(memberId: ada.id, memberName: "ada", providerId: provider.id, providerName: "Relay",
                                                   apiKeyId: nil, model: "dall-e-3", amount: amount, unit: "USD", createdAt: now))
        }
        // Last month's spend does not count.
        let lastMonth = Calendar.utc.date(byAdding: .month, value: -1, to: now)!
        try await team.usage.record(UsageEntry(memberId: ada.id, memberName: "ada", providerId: provider.id, providerName: "Relay",
                                               apiKeyId: nil, model: "dall-e-3", amount: 5, unit: "USD", createdAt: lastMonth))
        let fits = try await team.budgets.check(memberID: ada.id!, providerID: provider.id!, cost: 0.25, now: now)
        XCTAssertEqual(fits, .allowed(remainingAfter: 0, limit: 1.0))
        let refused = try await team.budgets.check(memberID: ada.id!, providerID: provider.id!, cost: 0.26, now: now)
        XCTAssertEqual(refused, .refused(limit: 1.0, spent: 0.75, cost: 0.26))

        let summary = try await team.usage.summary(month: UsageEntry.month(of: now))
        XCTAssertEqual(summary.byMember.map(\.label), ["ada"])
        XCTAssertEqual(summary.byMember.first?.amount ?? 0, 0.75, accuracy: 1e-9)
        XCTAssertEqual(summary.byMember.first?.entries, 2)
        XCTAssertEqual(summary.totals.first?.amount ?? 0, 0.75, accuracy: 1e-9)
        let budgets = try await team.budgets.all(month: UsageEntry.month(of: now))
        XCTAssertEqual(budgets.first?.spent ?? 0, 0.75, accuracy: 1e-9)
        do {
            try await team.budgets.set(memberID: ada.id!, providerID: provider.id!, monthlyLimit: -1, by: StoreFixture.lead)
            XCTFail("a negative budget must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors.first?.field, "monthly_limit")
        }
        let actions = try await team.audit.page().map(\.action)
        XCTAssertEqual(actions.filter { $0 == "budget.changed" }.count, 1)
    }

    func testDaysLeftFromDropsOnly() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let readings = [10.0, 8.0, 20.0, 18.0].enumerated().map { index, amount in
            BalanceReading(providerId: 1, amount: amount, unit: "USD", readAt: start.addingTimeInterval(Double(index) * 86_400))
        }
        let spend = BalanceStore.dailySpend(readings)
        XCTAssertEqual(spend ?? 0, 4.0 / 3.0, accuracy: 1e-9, "the top-up is not spend")
        XCTAssertEqual(BalanceStore.daysLeft(balance: 18, dailySpend: spend) ?? 0, 13.5, accuracy: 1e-9)
        XCTAssertNil(BalanceStore.daysLeft(balance: 18, dailySpend: 0))
        XCTAssertNil(BalanceStore.dailySpend(Array(readings.prefix(1))))
    }

    func testBalanceSeriesKeepsTheLastReadingOfEachBucket() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let provider = try await team.providers.add(ProviderStore.Input(name: "R", preset: "custom", baseURL: "https://r.example",
                                                                        authKind: .bearer), by: .system)
        let dayStart = Calendar.utc.startOfDay(for: Date()).addingTimeInterval(-86_400)
        // Hourly readings over one day, the first 8 hours recorded last and out of order:
        // 24 readings, three 8-hour buckets, each ending with its latest reading.
        for hour in Array(8..<24) + Array((0..<8).reversed()) {
            try await team.balances.record(BalanceReading(providerId: provider.id!, amount: 100 - Double(hour), unit: "USD",
                                                          readAt: dayStart.addingTimeInterval(Double(hour) * 3600 + 60)))
        }
        let series = try await team.balances.chartSeries(since: dayStart)
        let points = try XCTUnwrap(series[provider.id!])
        XCTAssertEqual(points.map(\.amount), [93, 85, 77], "the last reading of each 8 hours")
        XCTAssertEqual(points.first?.time ?? 0, dayStart.timeIntervalSince1970 + 7 * 3600 + 60, accuracy: 0.01)
        let laterHalf = try await team.balances.chartSeries(since: dayStart.addingTimeInterval(12 * 3600))
        XCTAssertEqual(laterHalf[provider.id!]?.map(\.amount), [85, 77], "nothing read before `since`")
        try await team.providers.remove(id: provider.id!, by: .system)
        let afterRemoval = try await team.balances.chartSeries(since: dayStart)
        XCTAssertNil(afterRemoval[provider.id!], "a removed provider's points go with it")
    }

    func testBalanceChartPointsAreBuiltFromReadingsTakenBeforeTheMigration() throws {
        let queue = try DatabaseQueue()
        var migrator = Migrations.migrator
        try migrator.migrate(queue, upTo: "v3: chat")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO provider (id, name, preset, baseURL, authKind, isDemo, createdAt)
                  VALUES (1, 'R', 'custom', 'https://r.example', 'bearer', 0, '2026-01-01 00:00:00.000');
                INSERT INTO balanceReading (providerId, amount, unit, isUnlimited, readAt) VALUES
                  (1, 10, 'USD', 0, '2026-01-02 01:00:00.000'), (1, 9, 'USD', 0, '2026-01-02 07:00:00.000'),
                  (1, 8, 'USD', 0, '2026-01-02 09:00:00.000');
                """)
        }
        migrator = Migrations.migrator
        try migrator.migrate(queue)
        let amounts = try queue.read { db in try Double.fetchAll(db, sql: "SELECT amount FROM balanceChartPoint ORDER BY bucket") }
        XCTAssertEqual(amounts, [9, 8])
    }
}
