import AtelierEngine
import AtelierStore
import Foundation
import Logging
import RelayClient
import TestSupport
import XCTest

final class BalanceRefresherTests: XCTestCase {
    func refresher(_ fixture: EngineFixture) -> BalanceRefresher {
        BalanceRefresher(team: fixture.team, connector: fixture.connector, logger: Logger(label: "engine-tests"))
    }

    /// What relay-sim itself reports at `/api/usage/token/`, in USD.
    func simAvailable(_ fixture: EngineFixture) async throws -> Double {
        let response = try await fixture.transport.send(HTTPRequest(
            method: "GET", url: fixture.simulator.baseURL + "/api/usage/token/",
            headers: [("Authorization", "Bearer \(EngineFixture.simKey)")]))
        XCTAssertEqual(response.status, 200)
        let json = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let data = try XCTUnwrap(json?["data"] as? [String: Any])
        return try XCTUnwrap((data["total_available"] as? NSNumber)?.doubleValue) / 500_000
    }

    func testRefreshRecordsWhatTheSimulatorReports() async throws {
        try await withEngine(balance: 42.5) { fixture in
            let record = try await fixture.addProvider("Demo relay")
            // Spend something first, so the amount is not just the configured one.
            let (client, _) = try await fixture.connector.client(for: record)
            _ = try await client.chat(ChatRequest(model: "gpt-4o-mini", messages: [.user("spend a little")]))
            try await fixture.team.providers.setBalanceError("an older failure", providerID: record.id!)

            let outcome = await refresher(fixture).refresh(providerID: record.id!)
            let reported = try await simAvailable(fixture)
            XCTAssertLessThan(reported, 42.5)
            XCTAssertEqual(outcome.providerID, record.id)
            XCTAssertEqual(outcome.providerName, "Demo relay")
            let reading = try XCTUnwrap(outcome.reading, "\(outcome)")
            XCTAssertEqual(reading.amount, reported, accuracy: 1e-9)
            XCTAssertEqual(reading.unit, BalanceUnit.usd.rawValue)
            XCTAssertEqual(try XCTUnwrap(reading.used), 42.5 - reported, accuracy: 1e-9)
            XCTAssertFalse(reading.isUnlimited)

            let stored = try await fixture.team.balances.latest()[record.id!]
            XCTAssertEqual(try XCTUnwrap(stored).amount, reported, accuracy: 1e-9)
            XCTAssertEqual(stored?.unit, "USD")
            let after = try await fixture.team.providers.find(id: record.id!)
            XCTAssertNil(after?.lastBalanceError, "a reading clears the last error")

            // A second refresh adds a second reading to the history.
            _ = await refresher(fixture).refresh(providerID: record.id!)
            let history = try await fixture.team.balances.history(providerID: record.id!, since: .distantPast)
            XCTAssertEqual(history.count, 2)
        }
    }

    func testAnUnreachableProviderRecordsItsErrorAndNoReading() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Nowhere", baseURL: "http://127.0.0.1:\(LoopbackPort.unused())")
            let outcome = await refresher(fixture).refresh(providerID: record.id!)
            let message = try XCTUnwrap(outcome.errorMessage, "\(outcome)")
            XCTAssertTrue(message.hasPrefix("could not connect"), message)
            XCTAssertFalse(message.contains(EngineFixture.simKey))
            XCTAssertNil(outcome.reading)

            let stored = try await fixture.team.providers.find(id: record.id!)
            XCTAssertEqual(stored?.lastBalanceError, message)
            XCTAssertNotNil(stored?.lastBalanceErrorAt)
            let latest = try await fixture.team.balances.latest()
            XCTAssertNil(latest[record.id!])
        }
    }

    func testAWrongKeyIsStoredAsUnauthorizedWithoutTheKey() async throws {
        try await withEngine { fixture in
            let wrong = "sk-not-the-sim-key-987654321"
            let record = try await fixture.addProvider("Wrong", key: wrong)
            let outcome = await refresher(fixture).refresh(providerID: record.id!)
            let message = try XCTUnwrap(outcome.errorMessage)
            XCTAssertTrue(message.hasSuffix("(HTTP 401)"), message)
            XCTAssertFalse(message.contains("unauthorized:"), "no internal category name on the balances page: \(message)")
            XCTAssertFalse(message.contains(wrong), message)
            XCTAssertFalse(message.contains("987654321"), message)
            let stored = try await fixture.team.providers.find(id: record.id!)
            XCTAssertEqual(stored?.lastBalanceError, message)
        }
    }

    func testRefreshAllCoversEveryProvider() async throws {
        try await withEngine(balance: 60) { fixture in
            let demo = try await fixture.addProvider("A demo")
            let down = try await fixture.addProvider("B down", baseURL: "http://127.0.0.1:\(LoopbackPort.unused())")
            let keyless = try await fixture.addProvider("C keyless", key: nil)
            let imgOpen = try await fixture.addProvider("D img open", preset: "img-open", authKind: .accessKeyPair,
                                                        key: "sim-access", pairSecret: "sim-secret")

            let outcomes = await refresher(fixture).refreshAll()
            XCTAssertEqual(outcomes.map(\.providerName), ["A demo", "B down", "C keyless", "D img open"])
            XCTAssertEqual(outcomes.map(\.providerID), [demo.id!, down.id!, keyless.id!, imgOpen.id!])
            XCTAssertEqual(try XCTUnwrap(outcomes[0].reading).amount, 60, accuracy: 1e-9)
            XCTAssertTrue(outcomes[1].errorMessage?.hasPrefix("could not connect") ?? false, "\(outcomes[1])")
            XCTAssertTrue(outcomes[2].errorMessage?.contains("no active API key") ?? false, "\(outcomes[2])")
            XCTAssertEqual(outcomes[3].result, .noBalanceEndpoint)
            XCTAssertEqual(outcomes[3].summary, "no balance endpoint")

            let latest = try await fixture.team.balances.latest()
            XCTAssertEqual(Set(latest.keys), [demo.id!])
            let keylessStored = try await fixture.team.providers.find(id: keyless.id!)
            XCTAssertEqual(keylessStored?.lastBalanceError, outcomes[2].errorMessage)
            let imgOpenStored = try await fixture.team.providers.find(id: imgOpen.id!)
            XCTAssertNil(imgOpenStored?.lastBalanceError, "no balance endpoint is not an error")
        }
    }

    func testAnUnknownProviderIDIsAnOutcomeNotACrash() async throws {
        try await withEngine { fixture in
            let outcome = await refresher(fixture).refresh(providerID: 999)
            XCTAssertEqual(outcome.providerID, 999)
            XCTAssertEqual(outcome.errorMessage, "no provider has id 999")
        }
    }

    func testRunRefreshesUntilCancelled() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Looping")
            let refresher = refresher(fixture)
            let loop = Task { await refresher.run(every: .milliseconds(50)) }
            let deadline = ContinuousClock.now + .seconds(10)
            var count = 0
            while count < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                count = try await fixture.team.balances.history(providerID: record.id!, since: .distantPast).count
            }
            XCTAssertGreaterThanOrEqual(count, 3, "the loop refreshes again after each interval")
            loop.cancel()
            await loop.value
            let settled = try await fixture.team.balances.history(providerID: record.id!, since: .distantPast).count
            try await Task.sleep(for: .milliseconds(200))
            let later = try await fixture.team.balances.history(providerID: record.id!, since: .distantPast).count
            XCTAssertEqual(settled, later, "nothing is refreshed after cancellation")
        }
    }

    func testSummaries() {
        let reading = BalanceReading(providerId: 1, amount: 37.5, unit: "USD")
        XCTAssertEqual(BalanceOutcome(providerID: 1, providerName: "A", result: .recorded(reading)).summary, "37.50 USD")
        XCTAssertEqual(BalanceOutcome(providerID: 1, providerName: "A", result: .recorded(BalanceReading(providerId: 1, amount: 0.002, unit: "USD"))).summary, "0.002 USD")
        XCTAssertEqual(BalanceOutcome(providerID: 1, providerName: "A", result: .failed("network: refused")).summary, "error: network: refused")
        XCTAssertTrue(BalanceRefresher.hasBalanceEndpoint(ProviderRecord(name: "x", preset: "unknown", baseURL: "https://a.example", authKind: .bearer)))
        XCTAssertFalse(BalanceRefresher.hasBalanceEndpoint(ProviderRecord(name: "x", preset: "img-open", baseURL: "https://a.example", authKind: .accessKeyPair)))
    }
}
