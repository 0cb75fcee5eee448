@testable import AtelierStore
import GRDB
import XCTest

/// The counters triggers bump on every change to providers, keys, prices and balance readings,
/// and the lists kept by them: a change made through another connection to the same file (as
/// another server process or the CLI would make it) is seen on the next read, never hidden by
/// what was kept.
final class DataVersionTests: XCTestCase {
    private let input = ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example", authKind: .bearer)

    private func version(_ counter: DataVersion, _ team: Team) async throws -> Int64 {
        try await team.database.read { db in try counter.read(db) } ?? -1
    }

    func testEveryChangeToProvidersKeysAndPricesBumpsTheProvidersCounter() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        var last = try await version(.providers, team)
        func expectBump(_ what: String, file: StaticString = #filePath, line: UInt = #line) async throws {
            let now = try await version(.providers, team)
            XCTAssertGreaterThan(now, last, what, file: file, line: line)
            last = now
        }
        let provider = try await team.providers.add(input, by: StoreFixture.lead)
        try await expectBump("a provider added")
        let id = try XCTUnwrap(provider.id)
        var changed = input
        changed.name = "Relay two"
        try await team.providers.update(id: id, changed, dashboardToken: nil, by: StoreFixture.lead)
        try await expectBump("a provider changed")
        _ = try await team.keys.add(providerID: id, label: "main", secret: ProviderSecret(key: "sk-test-123456"), expiresOn: nil,
                                    by: StoreFixture.lead)
        try await expectBump("a key added")
        let defaults = PriceSheet(unit: "points", prices: [])
        try await team.prices.set(PriceRecord(providerId: id, route: "mj-imagine", basis: .call, amount: 0.05), defaults: defaults,
                                  by: StoreFixture.lead)
        try await expectBump("a price set")
        try await team.prices.setUnit(providerID: id, unit: "USD", defaults: defaults, by: StoreFixture.lead)
        try await expectBump("the unit changed")
        let balancesBefore = try await version(.balances, team)
        try await team.balances.record(BalanceReading(providerId: id, amount: 12, unit: "USD"))
        let balancesAfter = try await version(.balances, team)
        XCTAssertGreaterThan(balancesAfter, balancesBefore, "a balance reading recorded")
        try await team.providers.remove(id: id, by: StoreFixture.lead)
        try await expectBump("a provider removed")
    }

    func testListsKeptByTheCountersSeeChangesMadeThroughAnotherConnection() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        // A second team over the same file: another process, as far as SQLite is concerned.
        let other = Team(database: try AtelierDatabase(path: fixture.path), masterKey: fixture.masterKey,
                         hasher: PasswordHasher(rounds: 1_000))
        let first = try await team.providers.add(input, by: StoreFixture.lead)
        let id = try XCTUnwrap(first.id)
        let kept = try await team.providers.all()
        XCTAssertEqual(kept.map(\.name), ["Relay"])
        let keptAgain = try await team.providers.all()
        XCTAssertEqual(keptAgain, kept, "read again at the same version")

        var renamed = input
        renamed.name = "Renamed elsewhere"
        try await other.providers.update(id: id, renamed, dashboardToken: nil, by: StoreFixture.lead)
        let afterRename = try await team.providers.all()
        XCTAssertEqual(afterRename.map(\.name), ["Renamed elsewhere"])

        let noSheet = try await team.prices.sheet(providerID: id)
        XCTAssertNil(noSheet)
        try await other.prices.set(PriceRecord(providerId: id, route: "mj-imagine", basis: .call, amount: 0.07),
                                   defaults: PriceSheet(unit: "points", prices: []), by: StoreFixture.lead)
        let sheet = try await team.prices.sheet(providerID: id)
        XCTAssertEqual(sheet?.price(route: "mj-imagine", model: "")?.amount, 0.07)

        let noReading = try await team.balances.latest()
        XCTAssertTrue(noReading.isEmpty)
        try await other.balances.record(BalanceReading(providerId: id, amount: 42, unit: "USD"))
        let latest = try await team.balances.latest()
        XCTAssertEqual(latest[id]?.amount, 42)
        let series = try await team.balances.chartSeries(since: Date().addingTimeInterval(-86_400))
        XCTAssertEqual(series[id]?.map(\.amount), [42])

        try await other.providers.remove(id: id, by: StoreFixture.lead)
        let afterRemoval = try await team.providers.all()
        XCTAssertTrue(afterRemoval.isEmpty)
        let latestAfterRemoval = try await team.balances.latest()
        XCTAssertTrue(latestAfterRemoval.isEmpty, "the removed provider's readings went with it")
    }

    func testACacheKeepsTheNewestValueAndForgetsPastItsLimit() {
        let cache = VersionedCache<Int, String>(limit: 2)
        cache.keep("v2", for: 1, at: 2)
        cache.keep("v1", for: 1, at: 1)
        XCTAssertEqual(cache.kept(1, at: 2), "v2", "an older value never replaces a newer one")
        XCTAssertNil(cache.kept(1, at: 3), "nothing is kept for a version not built yet")
        cache.keep("b", for: 2, at: 2)
        cache.keep("c", for: 3, at: 2)
        XCTAssertNil(cache.kept(1, at: 2), "past the limit the cache starts over")
        XCTAssertEqual(cache.kept(3, at: 2), "c")
    }
}
