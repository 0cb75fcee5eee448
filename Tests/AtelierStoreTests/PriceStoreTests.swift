@testable import AtelierStore
import GRDB
import XCTest

/// Price tables: defaults written down on the first change, bad amounts refused by field, one
/// unit per provider, audit entries; and the one budget check counting running tasks and
/// treating unpriced use as unknown rather than free.
final class PriceStoreTests: XCTestCase {
    private func provider(_ team: Team) async throws -> ProviderRecord {
        try await team.providers.add(ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example", authKind: .bearer),
                                     by: .system)
    }

    func testTheFirstChangeWritesTheDefaultsDownAndEveryChangeIsAudited() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let id = try await provider(team).id!
        let nothing = try await team.prices.sheet(providerID: id)
        XCTAssertNil(nothing, "until the lead changes it, the preset's defaults apply")
        let defaults = PriceSheet(unit: "points", prices: [PriceRecord(providerId: 0, route: "mx-drawing", basis: .image, amount: 1, note: "doc")])

        try await team.prices.set(PriceRecord(providerId: id, route: "mj-imagine", basis: .call, amount: 0.05), defaults: defaults,
                                  by: StoreFixture.lead)
        var stored = try await team.prices.sheet(providerID: id)
        var sheet = try XCTUnwrap(stored)
        XCTAssertEqual(sheet.unit, "points")
        XCTAssertEqual(sheet.prices.map(\.route), ["mj-imagine", "mx-drawing"], "the default line was written with the new one")
        XCTAssertEqual(sheet.price(route: "mx-drawing", model: "anything")?.amount, 1)

        // A model's own line wins over the route's any-model line.
        try await team.prices.set(PriceRecord(providerId: id, route: "mj-imagine", model: "mj-v7", basis: .call, amount: 0.08),
                                  defaults: defaults, by: StoreFixture.lead)
        stored = try await team.prices.sheet(providerID: id)
        sheet = try XCTUnwrap(stored)
        XCTAssertEqual(sheet.price(route: "mj-imagine", model: "mj-v7")?.amount, 0.08)
        XCTAssertEqual(sheet.price(route: "mj-imagine", model: "other")?.amount, 0.05)
        XCTAssertNil(sheet.price(route: "suno-music", model: ""), "no price set is nil, not 0")

        try await team.prices.setUnit(providerID: id, unit: " USD ", defaults: defaults, by: StoreFixture.lead)
        try await team.prices.remove(providerID: id, route: "mx-drawing", model: "", defaults: defaults, by: StoreFixture.lead)
        stored = try await team.prices.sheet(providerID: id)
        sheet = try XCTUnwrap(stored)
        XCTAssertEqual(sheet.unit, "USD")
        XCTAssertNil(sheet.price(route: "mx-drawing", model: ""))
        do {
            try await team.prices.remove(providerID: id, route: "mx-drawing", model: "", defaults: defaults, by: StoreFixture.lead)
            XCTFail("removing a line that is not there")
        } catch StoreError.notFound {}

        let actions = try await team.audit.page().map(\.action)
        XCTAssertEqual(actions.filter { $0.hasPrefix("price.") }.sorted(),
                       ["price.removed", "price.set", "price.set", "price.unit_changed"])
    }

    func testAmountsThatAreNoUsablePriceAreRefusedNamingTheFieldAndNothingIsWritten() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let id = try await provider(team).id!
        let defaults = PriceSheet(unit: "USD", prices: [])
        for amount in [Double.nan, .infinity, -.infinity, -0.01, 1e9 + 1, 1e-7, 5e-324] {
            do {
                try await team.prices.set(PriceRecord(providerId: id, route: "speech", basis: .call, amount: amount), defaults: defaults,
                                          by: StoreFixture.lead)
                XCTFail("\(amount) must be refused")
            } catch let failure as ValidationFailure {
                XCTAssertEqual(failure.errors.map(\.field), ["amount"], "\(amount)")
                XCTAssertEqual(failure.errors.first?.code, "price_amount")
            }
        }
        for amount in [0, 1e-6, 1e9] {
            XCTAssertNil(PriceStore.check(amount: amount, field: "amount"), "\(amount) is a price")
        }
        do {
            try await team.prices.set(PriceRecord(providerId: id, route: "speech", model: "tts 1", basis: .call, amount: 1), defaults: defaults,
                                      by: StoreFixture.lead)
            XCTFail("a model with a space")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors.map(\.field), ["model"])
        }
        do {
            try await team.prices.setUnit(providerID: id, unit: "", defaults: defaults, by: StoreFixture.lead)
            XCTFail("an empty unit")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors.map(\.field), ["unit"])
        }
        let sheet = try await team.prices.sheet(providerID: id)
        XCTAssertNil(sheet, "nothing was written")
    }

    func testAnImportInAnotherUnitThanTheProvidersIsRefused() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let id = try await provider(team).id!
        let points = PriceSheet(unit: "points", prices: [])
        let imported = [PriceRecord(providerId: id, route: "chat", model: "gpt-4o-mini", basis: .kiloTokens, amount: 0.00015)]
        do {
            _ = try await team.prices.importPrices(imported, unit: "USD", providerID: id, defaults: points, by: StoreFixture.lead)
            XCTFail("USD prices into a provider counting points")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors.map(\.code), ["price_unit_mismatch"])
        }
        let count = try await team.prices.importPrices(imported, unit: "USD", providerID: id, defaults: PriceSheet(unit: "USD", prices: []),
                                                       by: StoreFixture.lead)
        XCTAssertEqual(count, 1)
        let sheet = try await team.prices.sheet(providerID: id)
        XCTAssertEqual(sheet?.price(route: "chat", model: "gpt-4o-mini")?.basis, .kiloTokens)
    }

    func testTheBudgetCheckCountsRunningTasksAndUnpricedUseIsUnknownNotFree() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let ada = try await team.members.add(name: "ada", displayName: "", role: .member, password: "ada password", by: .system)
        let relay = try await provider(team)
        let (memberID, providerID) = (ada.id!, relay.id!)
        try await team.budgets.set(memberID: memberID, providerID: providerID, monthlyLimit: 1.0, by: StoreFixture.lead)
        try await team.usage.record(UsageEntry(memberId: memberID, memberName: "ada", providerId: providerID, providerName: "Relay",
                                               apiKeyId: nil, model: "dall-e-3", amount: 0.5, unit: "USD"))
        // Two tasks still running: one priced, one without a price.
        for (index, estimate) in [Double?.some(0.25), nil].enumerated() {
            _ = try await team.tasks.create(TaskRecord(
                id: "running-\(index)", memberId: memberID, memberName: "ada", providerId: providerID, providerName: "Relay",
                family: "midjourney", operation: "mj-imagine", kind: "image", model: "midjourney", prompt: "p", request: "{}",
                idempotencyKey: "k\(index)", estimatedCost: estimate, costUnit: "USD", createdAt: Date(),
                deadlineAt: Date().addingTimeInterval(600)))
        }
        let fits = try await team.budgets.check(memberID: memberID, providerID: providerID, cost: 0.25)
        XCTAssertEqual(fits, .allowed(remainingAfter: 0, limit: 1), "0.5 spent + 0.25 running + 0.25")
        let passes = try await team.budgets.check(memberID: memberID, providerID: providerID, cost: 0.375)
        XCTAssertEqual(passes, .refused(limit: 1, spent: 0.75, cost: 0.375), "the running task counts")
        let unpriced = try await team.budgets.check(memberID: memberID, providerID: providerID, cost: nil)
        guard case .allowedWithoutPrice(let remaining, 1) = unpriced else { return XCTFail("\(unpriced)") }
        XCTAssertEqual(remaining, 0.25)

        try await team.usage.record(UsageEntry(memberId: memberID, memberName: "ada", providerId: providerID, providerName: "Relay",
                                               apiKeyId: nil, model: "suno", amount: 0, unit: "USD", isPriced: false))
        try await team.usage.record(UsageEntry(memberId: memberID, memberName: "ada", providerId: providerID, providerName: "Relay",
                                               apiKeyId: nil, model: "dall-e-3", amount: 0.25, unit: "USD"))
        let usedUp = try await team.budgets.check(memberID: memberID, providerID: providerID, cost: nil)
        XCTAssertEqual(usedUp, .refused(limit: 1, spent: 1, cost: nil), "without a price, a used-up budget refuses")
        let listing = try await team.budgets.all(month: UsageEntry.month(of: Date())).first
        XCTAssertEqual(listing?.unpriced, 1, "the unknown spend is counted apart")
        XCTAssertEqual(listing?.spent, 0.75)
    }
}
