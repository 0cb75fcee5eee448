import AtelierStore
import Foundation
import RelayClient
import TaskEngine
import XCTest

/// Costs come from the provider's price table, in its one unit; a route without a price costs
/// an unknown amount (never 0), and budgets treat it so.
final class PricingTests: XCTestCase {
    private let lead = Actor(memberID: nil, name: "pricing-tests", remoteAddress: "-")

    func testAFinishedTaskIsChargedTheTablesPriceInTheProvidersUnit() async throws {
        try await withTasks { fixture in
            let defaults = PriceBook.defaults(for: fixture.provider)
            try await fixture.team.prices.setUnit(providerID: fixture.provider.id!, unit: "credits", defaults: defaults, by: lead)
            try await fixture.team.prices.set(PriceRecord(providerId: fixture.provider.id!, route: "openai-image", model: "dall-e-3",
                                                          basis: .image, amount: 0.5), defaults: defaults, by: lead)
            let submitted = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "a kite", count: 2))
            XCTAssertEqual(submitted.estimatedCost, 1)
            XCTAssertEqual(submitted.costUnit, "credits")
            let done = try await fixture.drive(submitted.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            XCTAssertEqual(done.cost, 1, "two images at the table's 0.5 credits")
            let usage = try await fixture.usage(of: done.id)
            XCTAssertEqual(usage.map(\.amount), [1])
            XCTAssertEqual(usage.map(\.unit), ["credits"])
            XCTAssertEqual(usage.map(\.isPriced), [true])
        }
    }

    func testARouteWithoutAPriceCostsAnUnknownAmountAndAUsedUpBudgetRefusesIt() async throws {
        try await withTasks { fixture in
            let providerID = fixture.provider.id!
            let defaults = PriceBook.defaults(for: fixture.provider)
            try await fixture.team.prices.remove(providerID: providerID, route: "openai-image", model: "", defaults: defaults, by: lead)
            try await fixture.team.budgets.set(memberID: fixture.member.id!, providerID: providerID, monthlyLimit: 0.04, by: lead)

            let unpriced = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "no price"))
            XCTAssertNil(unpriced.estimatedCost, "allowed while the budget is not used up, with its cost unknown")
            let done = try await fixture.drive(unpriced.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            XCTAssertNil(done.cost, "unknown, not 0")
            let usage = try await fixture.usage(of: done.id)
            XCTAssertEqual(usage.map(\.isPriced), [false])
            let listing = try await fixture.team.budgets.all(month: UsageEntry.month(of: Date())).first
            XCTAssertEqual(listing?.unpriced, 1)

            // A priced task (speech, 0.015 in the demo table) still fits; a second passes the budget …
            let speech = try await fixture.submit(StudioRequest(route: .speech, model: "tts-1", prompt: "one", voice: "alloy"))
            _ = try await fixture.drive(speech.id)
            let more = try await fixture.submit(StudioRequest(route: .speech, model: "tts-1", prompt: "two", voice: "alloy"))
            _ = try await fixture.drive(more.id)
            do {
                _ = try await fixture.submit(StudioRequest(route: .speech, model: "tts-1", prompt: "three", voice: "alloy"))
                XCTFail("0.03 spent + 0.015 passes 0.04")
            } catch SubmitRefusal.overBudget(_, _, let cost, _) {
                XCTAssertEqual(cost ?? -1, 0.015, accuracy: 1e-9)
            }
            // … and once the budget is used up, an unpriced route is refused too.
            try await fixture.team.usage.record(UsageEntry(memberId: fixture.member.id, memberName: "mei", providerId: providerID,
                                                           providerName: "Sim", apiKeyId: nil, model: "x", amount: 0.01, unit: "USD"))
            do {
                _ = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "no price again"))
                XCTFail("a used-up budget refuses an unpriced route")
            } catch SubmitRefusal.overBudget(let limit, _, let cost, _) {
                XCTAssertEqual(limit, 0.04)
                XCTAssertNil(cost)
            }
        }
    }
}
