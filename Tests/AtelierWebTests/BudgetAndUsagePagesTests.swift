import AtelierStore
@testable import AtelierWeb
import FastCGI
import XCTest

final class BudgetAndUsagePagesTests: XCTestCase {
    private func seed(_ harness: WebHarness) async throws -> (Member, ProviderRecord) {
        let ada = try await harness.team.members.add(name: "ada", displayName: "Ada", role: .member, password: "ada password", by: .system)
        let provider = try await harness.team.providers.add(
            ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example", authKind: .bearer), by: .system)
        for (model, amount) in [("dall-e-3", 0.04), ("dall-e-3", 0.04), ("=cmd|' /C calc'!A0", 0.5)] {
            try await harness.team.usage.record(UsageEntry(memberId: ada.id, memberName: "ada", providerId: provider.id,
                                                           providerName: "Relay", apiKeyId: nil, model: model, amount: amount, unit: "USD"))
        }
        return (ada, provider)
    }

    func testBudgetFormSetsRefusesBadInputAndRemoves() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let (ada, provider) = try await seed(harness)
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (bad, badHTML) = await browser.post("/budgets", [("member", "\(ada.id!)"), ("provider", "\(provider.id!)"),
                                                             ("monthly_limit", "lots")], csrf: csrf)
        XCTAssertEqual(bad.status, .unprocessableContent)
        XCTAssertTrue(badHTML.contains("Give a number of zero or more."))
        XCTAssertTrue(badHTML.contains(#"value="lots""#))
        let (set, _) = await browser.post("/budgets", [("member", "\(ada.id!)"), ("provider", "\(provider.id!)"), ("monthly_limit", "1")],
                                          csrf: csrf)
        XCTAssertEqual(set.status, .seeOther)
        let (_, page) = await browser.get("/budgets")
        XCTAssertTrue(page.contains("0.58"), "this month's spend is shown")
        XCTAssertTrue(page.contains("0.42"), "and what remains")
        let decision = try await harness.team.budgets.check(memberID: ada.id!, providerID: provider.id!, cost: 0.5)
        XCTAssertEqual(decision, .refused(limit: 1, spent: 0.58, cost: 0.5))
        let (removed, _) = await browser.post("/budgets", [("member", "\(ada.id!)"), ("provider", "\(provider.id!)"), ("monthly_limit", "")],
                                              csrf: csrf)
        XCTAssertEqual(removed.status, .seeOther)
        let after = try await harness.team.budgets.check(memberID: ada.id!, providerID: provider.id!, cost: 0.5)
        XCTAssertEqual(after, .unlimited)
    }

    func testUsagePageAndCSVExport() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        _ = try await seed(harness)
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        let (page, html) = await browser.get("/usage")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(html.contains("0.58 USD"))
        XCTAssertTrue(html.contains("<code>dall-e-3</code>"))
        let (csv, text) = await browser.get("/usage.csv?month=\(UsageEntry.month(of: Date()))")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers["content-type"], "text/csv; charset=utf-8")
        XCTAssertTrue(csv.headers["content-disposition"]?.hasPrefix("attachment;") ?? false)
        let lines = text.split(separator: "\r\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[0].hasSuffix("created_at,day,member,provider,model,amount,unit,task_id,api_key_id"))
        XCTAssertTrue(text.contains(#"'=cmd|' /C calc'!A0"#), "formulas are defused")
        let (bad, badHTML) = await browser.get("/usage?month=2026-13")
        XCTAssertEqual(bad.status, .badRequest)
        XCTAssertTrue(badHTML.contains("month"))
    }
}
