import AtelierStore
@testable import AtelierWeb
import FastCGI
import RelaySim
import XCTest

/// The balances page and the connection test against relay-sim over real loopback HTTP.
final class BalancePagesTests: XCTestCase {
    private func simulator() async throws -> RelaySimulator {
        let simulator = RelaySimulator(configuration: SimulatorConfiguration(tick: .milliseconds(60), stepsToFinish: 3, seed: 7,
                                                                             deliverCallbacks: false))
        _ = try await simulator.start()
        return simulator
    }

    func testRefreshRecordsReadingsWarnsBelowTheThresholdAndSumsRelays() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let sim = try await simulator()
        defer { Task { try? await sim.shutdown() } }
        let team = harness.team
        for (name, threshold) in [("Sim A", 1000.0), ("Sim B", 1.0)] {
            let provider = try await team.providers.add(
                ProviderStore.Input(name: name, preset: "demo", baseURL: sim.baseURL, authKind: .bearer, warningThreshold: threshold), by: .system)
            try await team.keys.add(providerID: provider.id!, label: "k", secret: ProviderSecret(key: "sk-sim-demo"), expiresOn: nil, by: .system)
        }
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (before, beforeHTML) = await browser.get("/balances")
        XCTAssertEqual(before.status, .ok)
        XCTAssertFalse(beforeHTML.contains("is low"))
        let (refreshed, _) = await browser.post("/balances/refresh", [], csrf: csrf)
        XCTAssertEqual(refreshed.status, .seeOther)
        let latest = try await team.balances.latest()
        XCTAssertEqual(latest.count, 2, "one reading per provider")
        let amount = try XCTUnwrap(latest.values.first?.amount)
        let (_, html) = await browser.get("/balances?done=balances_refreshed")
        XCTAssertTrue(html.contains("Balances refreshed."))
        XCTAssertTrue(html.contains("Sim A is low"), "the 1000 threshold is crossed")
        XCTAssertFalse(html.contains("Sim B is low"))
        XCTAssertTrue(html.contains("<strong>\(Formatting.amount(amount))</strong> USD"))
        XCTAssertTrue(html.contains("\(Formatting.amount(amount * 2)) USD"), "the sum of every relay")
        let (_, home) = await browser.get("/")
        XCTAssertTrue(home.contains("Sim A is low"), "the lead sees the banner on the home page too")
    }

    func testANewReadingOrThresholdRedrawsThePageThroughItsCaches() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let team = harness.team
        let input = ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example", authKind: .bearer,
                                        warningThreshold: 10)
        let provider = try await team.providers.add(input, by: .system)
        let id = try XCTUnwrap(provider.id)
        let now = Date()
        for (hoursAgo, amount) in [(30.0, 50.0), (20, 40), (10, 30)] {
            try await team.balances.record(BalanceReading(providerId: id, amount: amount, unit: "USD", readAt: now.addingTimeInterval(-hoursAgo * 3600)))
        }
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        let (_, first) = await browser.get("/balances")
        let (_, again) = await browser.get("/balances")
        XCTAssertEqual(first, again, "the same history draws the same page")
        XCTAssertTrue(first.contains("<strong>30</strong> USD"))
        func polyline(_ html: String) -> String? {
            html.range(of: #"points="[^"]*""#, options: .regularExpression).map { String(html[$0]) }
        }
        let chartBefore = try XCTUnwrap(polyline(first))

        try await team.balances.record(BalanceReading(providerId: id, amount: 5, unit: "USD", readAt: now))
        let (_, afterReading) = await browser.get("/balances")
        XCTAssertTrue(afterReading.contains("<strong>5</strong> USD"), "the new reading shows at once")
        XCTAssertTrue(afterReading.contains("Relay is low"))
        XCTAssertNotEqual(try XCTUnwrap(polyline(afterReading)), chartBefore, "the chart is drawn again")

        var lowered = input
        lowered.warningThreshold = 1
        try await team.providers.update(id: id, lowered, dashboardToken: nil, by: .system)
        let (_, afterThreshold) = await browser.get("/balances")
        XCTAssertFalse(afterThreshold.contains("Relay is low"), "the new threshold applies at once")
    }

    func testConnectionTestSaysWhatHappenedWithoutTheKey() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let sim = try await simulator()
        defer { Task { try? await sim.shutdown() } }
        let team = harness.team
        let good = try await team.providers.add(ProviderStore.Input(name: "Good", preset: "demo", baseURL: sim.baseURL, authKind: .bearer),
                                                by: .system)
        try await team.keys.add(providerID: good.id!, label: "k", secret: ProviderSecret(key: "sk-sim-demo"), expiresOn: nil, by: .system)
        let bad = try await team.providers.add(ProviderStore.Input(name: "Bad", preset: "demo", baseURL: sim.baseURL, authKind: .bearer),
                                               by: .system)
        let wrongKey = "sk-wrong-key-00000000000000001234"
        try await team.keys.add(providerID: bad.id!, label: "k", secret: ProviderSecret(key: wrongKey), expiresOn: nil, by: .system)
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("lead", WebHarness.leadPassword)
        let (okResponse, okHTML) = await browser.post("/providers/\(good.id!)/test", [], csrf: csrf)
        XCTAssertEqual(okResponse.status, .ok)
        XCTAssertTrue(okHTML.contains("Connection works:"), okHTML)
        let (_, badHTML) = await browser.post("/providers/\(bad.id!)/test", [], csrf: csrf)
        XCTAssertTrue(badHTML.contains("Connection failed:"))
        XCTAssertFalse(badHTML.contains(wrongKey))
        XCTAssertFalse(badHTML.contains("00000000000000001234"))
    }
}
