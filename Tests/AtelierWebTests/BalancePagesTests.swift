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
