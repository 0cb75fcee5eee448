import AtelierStore
@testable import AtelierWeb
import FastCGI
import Foundation
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

    /// `monthly_limit=1e-300` was saved, and the next `/budgets` stopped the server converting
    /// spent / limit × 100 to an integer; the row stayed, so every restart stopped again.
    func testATinyBudgetIsRefusedAndOneAlreadyStoredStillRenders() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let (ada, provider) = try await seed(harness)
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        for limit in ["1e-300", "4.9e-324", "0.001", "-0.5", "nan", "inf", "1e308", "123456789012345678901234567890"] {
            let (refused, html) = await browser.post("/budgets", [("member", "\(ada.id!)"), ("provider", "\(provider.id!)"),
                                                                  ("monthly_limit", limit)], csrf: csrf)
            XCTAssertEqual(refused.status, .unprocessableContent, limit)
            XCTAssertTrue(html.contains("an amount from 0.01 up to"), limit)
            XCTAssertTrue(html.contains(#"value="\#(limit)""#), "what was typed stays: \(limit)")
        }
        let none = try await harness.team.budgets.all(month: UsageEntry.month(of: Date()))
        XCTAssertTrue(none.isEmpty, "nothing was written")
        let (zero, _) = await browser.post("/budgets", [("member", "\(ada.id!)"), ("provider", "\(provider.id!)"), ("monthly_limit", "-0")],
                                           csrf: csrf)
        XCTAssertEqual(zero.status, .seeOther, "0 means nothing may be spent")
        let stored = try await harness.team.budgets.all(month: UsageEntry.month(of: Date()))
        XCTAssertEqual(stored.first?.budget.monthlyLimit.sign, .plus, "-0 is kept as 0")

        // A row an earlier version let in.
        let adaID = ada.id!, providerID = provider.id!
        try await harness.team.database.write { db in
            try Budget(memberId: adaID, providerId: providerID, monthlyLimit: 1e-300).save(db)
        }
        let (page, html) = await browser.get("/budgets")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(html.contains(#"value="100""#), "the share is capped at 100 %")
    }

    func testBudgetsAreListedFiftyAPageInNameOrder() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        var providers: [ProviderRecord] = []
        for index in 1...3 {
            providers.append(try await harness.team.providers.add(
                ProviderStore.Input(name: "Relay \(index)", preset: "custom", baseURL: "https://r\(index).example", authKind: .bearer), by: .system))
        }
        for index in 1...20 {
            let member = try await harness.team.members.add(name: String(format: "m%02d", index), displayName: "", role: .member,
                                                            password: "member password", by: .system)
            for provider in providers {
                try await harness.team.budgets.set(memberID: member.id!, providerID: provider.id!, monthlyLimit: Double(index), by: .system)
            }
        }
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        let (_, first) = await browser.get("/budgets")
        XCTAssertTrue(first.contains("1–50 of 60"))
        XCTAssertEqual(first.components(separatedBy: "<meter ").count - 1, 50)
        XCTAssertTrue(first.contains(#"href="/budgets?page=2""#))
        XCTAssertEqual(first.components(separatedBy: "<td translate=\"no\">m17</td>").count - 1, 2, "m17's budgets are rows 49–51")
        let (_, second) = await browser.get("/budgets?page=2")
        XCTAssertTrue(second.contains("51–60 of 60"))
        XCTAssertEqual(second.components(separatedBy: "<meter ").count - 1, 10)
        XCTAssertEqual(second.components(separatedBy: "<td translate=\"no\">m17</td>").count - 1, 1)
        XCTAssertTrue(second.contains("<td translate=\"no\">m20</td>"))
        XCTAssertFalse(second.contains("<td translate=\"no\">m01</td>"))
        XCTAssertTrue(second.contains(#"href="/budgets?page=1""#))
        XCTAssertFalse(second.contains("page=3"))
        let (beyond, past) = await browser.get("/budgets?page=9")
        XCTAssertEqual(beyond.status, .ok)
        XCTAssertTrue(past.contains(#"href="/budgets?page=2""#), "a page past the end links back to the last one")
        let (junk, _) = await browser.get("/budgets?page=-4")
        XCTAssertEqual(junk.status, .ok)
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
