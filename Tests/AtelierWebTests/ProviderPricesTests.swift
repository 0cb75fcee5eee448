import AtelierStore
@testable import AtelierWeb
import FastCGI
import Foundation
import RelaySim
import TaskEngine
import XCTest

/// The price table on the provider page, prices beside the studio's routes, the import from a
/// relay's `/api/pricing`, and chat's budget check counting running tasks.
final class ProviderPricesTests: XCTestCase {
    private func demo(_ harness: WebHarness, baseURL: String = "http://127.0.0.1:9") async throws -> ProviderRecord {
        let provider = try await harness.team.providers.add(
            ProviderStore.Input(name: "Sim", preset: "demo", baseURL: baseURL, authKind: .bearer), by: .system)
        try await harness.team.keys.add(providerID: provider.id!, label: "k", secret: ProviderSecret(key: "sk-sim-demo"), expiresOn: nil,
                                        by: .system)
        return provider
    }

    func testBadPricesComeBackNamingTheFieldWithWhatWasTypedAndGoodOnesAreSavedAndAudited() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let kfc = try await harness.team.providers.add(
            ProviderStore.Input(name: "KFC", preset: "kfc-v50", baseURL: "https://kfc.example.com", authKind: .bearer), by: .system)
        let path = "/providers/\(kfc.id!)"
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (_, page) = await browser.get(path)
        XCTAssertTrue(page.contains("These are the prices the provider&#39;s documents state.")
                      || page.contains("These are the prices the provider's documents state."), "defaults until changed")
        XCTAssertTrue(page.contains(#"<td>MX drawing</td><td>any model</td><td class="number">1</td><td>image</td>"#),
                      "the doc's MX price, in points")
        XCTAssertTrue(page.contains(#"<input id="price_unit" name="unit" value="points""#), "KFC V50 counts in points, tasks and chat alike")
        XCTAssertTrue(page.contains("No price set"), "routes without a price are named")

        for typed in ["nan", "inf", "-1", "1e10", "0.0000001", "12abc", "1e999"] {
            let (response, html) = await browser.post(path + "/prices", [("route", "chat"), ("model", "gpt-4-all"), ("basis", "call"),
                                                                         ("amount", typed)], csrf: csrf)
            XCTAssertEqual(response.status, .unprocessableContent, typed)
            XCTAssertTrue(html.contains(#"<p class="field-error">Price: give 0, or a number from 0.000001 to 1000000000.</p>"#), typed)
            XCTAssertTrue(html.contains(#"name="amount" value="\#(typed)""#), "\(typed) is kept")
            XCTAssertTrue(html.contains(#"name="model" value="gpt-4-all""#), "the model is kept")
            XCTAssertTrue(html.contains(#"<option value="chat" selected>"#), "the route stays chosen")
        }
        let (wrongBasis, wrongHTML) = await browser.post(path + "/prices", [("route", "mj-imagine"), ("model", ""), ("basis", "1k_tokens"),
                                                                            ("amount", "2")], csrf: csrf)
        XCTAssertEqual(wrongBasis.status, .unprocessableContent, "tasks report no tokens")
        XCTAssertTrue(wrongHTML.contains("Choose one of the offered values."))
        let (wrongRoute, _) = await browser.post(path + "/prices", [("route", "imgopen-sd"), ("basis", "call"), ("amount", "2")], csrf: csrf)
        XCTAssertEqual(wrongRoute.status, .unprocessableContent, "KFC V50 does not offer Img Open")
        let nothing = try await harness.team.prices.sheet(providerID: kfc.id!)
        XCTAssertNil(nothing, "nothing was written")

        let (noToken, _) = await browser.post(path + "/prices", [("route", "chat"), ("basis", "call"), ("amount", "2")], csrf: nil)
        XCTAssertEqual(noToken.status, .forbidden)
        let (saved, _) = await browser.post(path + "/prices", [("route", "chat"), ("model", "gpt-4-all"), ("basis", "call"),
                                                               ("amount", " 2.5 ")], csrf: csrf)
        XCTAssertEqual(saved.status, .seeOther)
        let sheet = try await harness.team.prices.sheet(providerID: kfc.id!)
        XCTAssertEqual(sheet?.unit, "points")
        XCTAssertEqual(sheet?.price(route: "chat", model: "gpt-4-all")?.amount, 2.5)
        XCTAssertEqual(sheet?.price(route: "mx-drawing", model: "")?.amount, 1, "the defaults were written down with it")
        let (removed, _) = await browser.post(path + "/prices/remove", [("route", "mx-drawing"), ("model", "")], csrf: csrf)
        XCTAssertEqual(removed.status, .seeOther)
        let (badUnit, badUnitHTML) = await browser.post(path + "/prices/unit", [("unit", String(repeating: "x", count: 17))], csrf: csrf)
        XCTAssertEqual(badUnit.status, .unprocessableContent)
        XCTAssertTrue(badUnitHTML.contains("At most 16 characters."))
        let (_, audit) = await browser.get("/audit")
        XCTAssertTrue(audit.contains("price.set") && audit.contains("price.removed"))

        try await harness.team.members.add(name: "ada", displayName: "", role: .member, password: "ada password", by: .system)
        let member = WebHarness.Browser(harness)
        let memberCSRF = try await member.signIn("ada", "ada password")
        let (refused, _) = await member.post(path + "/prices", [("route", "chat"), ("basis", "call"), ("amount", "0")], csrf: memberCSRF)
        XCTAssertEqual(refused.status, .forbidden, "leads only")
    }

    func testPricesAreImportedFromTheRelaysPricingOverLoopbackOnlyInItsUnit() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let sim = RelaySimulator(configuration: SimulatorConfiguration(seed: 3))
        _ = try await sim.start()
        defer { Task { try? await sim.shutdown() } }
        let provider = try await demo(harness, baseURL: sim.baseURL)
        let path = "/providers/\(provider.id!)"
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (_, page) = await browser.get(path)
        XCTAssertTrue(page.contains("Import from relay"))

        let (imported, _) = await browser.post(path + "/prices/import", [], csrf: csrf)
        XCTAssertEqual(imported.status, .seeOther)
        let stored = try await harness.team.prices.sheet(providerID: provider.id!)
        let sheet = try XCTUnwrap(stored)
        XCTAssertEqual(sheet.unit, "USD")
        XCTAssertEqual(sheet.price(route: "mj-imagine", model: "")?.amount, 0.05)
        XCTAssertEqual(sheet.price(route: "mj-imagine", model: "")?.note, "GET /api/pricing")
        XCTAssertEqual(sheet.price(route: "suno-music", model: "")?.amount, 0.1)
        XCTAssertEqual(sheet.price(route: "openai-image", model: "dall-e-3")?.amount, 0.04)
        XCTAssertEqual(sheet.price(route: "chat", model: "gpt-4o-mini")?.basis, .kiloTokens)
        XCTAssertEqual(sheet.price(route: "chat", model: "gpt-4o-mini")?.amount, 0.00015, "ratio 0.075 × 0.002 USD per 1K tokens")
        XCTAssertEqual(sheet.price(route: "jimeng", model: "")?.amount, 0.03, "Jimeng is priced by its one req_key")
        let (_, after) = await browser.get(path + "?done=prices_imported")
        XCTAssertTrue(after.contains("Prices imported from the relay."))
        XCTAssertTrue(after.contains("0.00015"), "small prices keep their digits")

        // Into a provider counting points, USD prices are refused, saying why.
        let (unit, _) = await browser.post(path + "/prices/unit", [("unit", "points")], csrf: csrf)
        XCTAssertEqual(unit.status, .seeOther)
        let (refused, html) = await browser.post(path + "/prices/import", [], csrf: csrf)
        XCTAssertEqual(refused.status, .unprocessableContent)
        XCTAssertTrue(html.contains("Unit: the relay&#39;s prices are in USD") || html.contains("Unit: the relay's prices are in USD"))
        let (_, audit) = await browser.get("/audit")
        XCTAssertTrue(audit.contains("price.imported") && audit.contains("price.unit_changed"))
    }

    func testTheStudioShowsEachRoutesPriceOrNoPriceSet() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let provider = try await demo(harness)
        try await harness.team.prices.remove(providerID: provider.id!, route: "mj-imagine", model: "",
                                             defaults: PriceBook.defaults(for: provider), by: .system)
        try await harness.team.members.add(name: "mei", displayName: "Mei", role: .member, password: "member password 1", by: .system)
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("mei", "member password 1")
        let (_, html) = await browser.get("/studio/image")
        XCTAssertTrue(html.contains("Sim — Midjourney imagine (no price set)"))
        XCTAssertTrue(html.contains("Sim — Midjourney blend (≈ 0.05 USD / call)"))
        XCTAssertTrue(html.contains("(≈ 0.04 USD / image)"))

        // The picker is kept between loads; a price set since shows on the next one.
        try await harness.team.prices.set(PriceRecord(providerId: provider.id!, route: "mj-imagine", basis: .call, amount: 0.07),
                                          defaults: PriceBook.defaults(for: provider), by: .system)
        let (_, changed) = await browser.get("/studio/image")
        XCTAssertTrue(changed.contains("Sim — Midjourney imagine (≈ 0.07 USD / call)"), "the new price, not the kept menu")
    }

    func testChatIsRefusedWhenTheMembersRunningTasksWouldPassTheBudget() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let provider = try await demo(harness)
        let mei = try await harness.team.members.add(name: "mei", displayName: "Mei", role: .member, password: "member password 1", by: .system)
        try await harness.team.prices.set(PriceRecord(providerId: provider.id!, route: "chat", basis: .call, amount: 0.02),
                                          defaults: PriceBook.defaults(for: provider), by: .system)
        try await harness.team.budgets.set(memberID: mei.id!, providerID: provider.id!, monthlyLimit: 0.05, by: .system)
        var running = TaskRecord(id: "running", memberId: mei.id, memberName: "mei", providerId: provider.id, providerName: "Sim",
                                 family: "midjourney", operation: "mj-imagine", kind: "image", model: "midjourney", prompt: "p", request: "{}",
                                 idempotencyKey: "running", estimatedCost: 0.04, costUnit: "USD", deadlineAt: Date().addingTimeInterval(600))
        running.status = .running
        _ = try await harness.team.tasks.create(running)

        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("mei", "member password 1")
        let (response, html) = await browser.post("/chat/new/stream", [("provider", "\(provider.id!)"), ("model", "gpt-4o-mini"),
                                                                       ("message", "hello")], csrf: csrf)
        XCTAssertEqual(response.status, .unprocessableContent, "0.04 running + 0.02 passes 0.05, as in the studio")
        XCTAssertTrue(html.contains("This would pass your monthly budget on this provider."))
        XCTAssertTrue(html.contains(">hello</textarea>") || html.contains("hello"), "the message is kept")
        let conversations = try await harness.team.conversations.list(memberID: mei.id!)
        XCTAssertTrue(conversations.isEmpty, "nothing was written and no provider called")
    }

    func testUnknownSpendIsShownApartAndNeverAsZero() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let provider = try await demo(harness)
        let ada = try await harness.team.members.add(name: "ada", displayName: "Ada", role: .member, password: "ada password", by: .system)
        try await harness.team.budgets.set(memberID: ada.id!, providerID: provider.id!, monthlyLimit: 1, by: .system)
        try await harness.team.usage.record(UsageEntry(memberId: ada.id, memberName: "ada", providerId: provider.id, providerName: "Sim",
                                                       apiKeyId: nil, model: "dall-e-3", amount: 0.25, unit: "USD"))
        try await harness.team.usage.record(UsageEntry(memberId: ada.id, memberName: "ada", providerId: provider.id, providerName: "Sim",
                                                       apiKeyId: nil, model: "suno-x", amount: 0, unit: "USD", isPriced: false, taskID: "t-unpriced"))
        var finished = TaskRecord(id: "t-unpriced", memberId: ada.id, memberName: "ada", providerId: provider.id, providerName: "Sim",
                                  family: "suno", operation: "suno-music", kind: "audio", model: "suno-x", prompt: "p", request: "{}",
                                  idempotencyKey: "t-unpriced", deadlineAt: Date().addingTimeInterval(600))
        finished.status = .succeeded
        _ = try await harness.team.tasks.create(finished)

        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        let (_, budgets) = await browser.get("/budgets")
        XCTAssertTrue(budgets.contains("0.25<br><span class=\"muted\">+ 1 without price</span>"), "the budget says some spend is unknown")
        let (_, csv) = await browser.get("/usage.csv?month=\(UsageEntry.month(of: Date()))")
        XCTAssertTrue(csv.contains(",suno-x,,USD,t-unpriced,"), "an unpriced entry has no amount, not 0")
        let (_, task) = await browser.get("/tasks/t-unpriced")
        XCTAssertTrue(task.contains("<dd>no price set</dd>"))
    }
}
