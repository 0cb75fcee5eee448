import AtelierStore
import Foundation
import RelaySim
import XCTest

final class BalanceCommandTests: XCTestCase {
    func withSimulator(balance: Double, _ body: (RelaySimulator) async throws -> Void) async throws {
        let simulator = RelaySimulator(configuration: SimulatorConfiguration(seed: 3, deliverCallbacks: false, balance: balance))
        _ = try await simulator.start()
        do {
            try await body(simulator)
        } catch {
            try? await simulator.shutdown()
            throw error
        }
        try await simulator.shutdown()
    }

    func testBalanceReadsAndRecordsEveryConfiguredProvider() async throws {
        try await withSimulator(balance: 31.25) { simulator in
            try await withCLI { cli in
                try await cli.succeed(["provider", "add", "Sim", "--preset", "demo", "--base-url", simulator.baseURL])
                try await cli.succeed(["key", "add", "Sim", "--label", "main"], env: ["ATELIER_API_KEY": "sk-sim-demo"])
                try await cli.succeed(["provider", "add", "Images", "--preset", "img-open"])

                let run = try await cli.succeed(["balance"])
                let lines = run.stdout.split(separator: "\n").map(String.init)
                XCTAssertTrue(lines.first?.hasPrefix("PROVIDER") ?? false, run.stdout)
                XCTAssertTrue(lines.contains { $0.hasPrefix("Sim ") && $0.contains("31.2500") && $0.contains("USD") && $0.hasSuffix("ok") }, run.stdout)
                XCTAssertTrue(lines.contains { $0.hasPrefix("Images") && $0.hasSuffix("no balance endpoint") }, run.stdout)
                XCTAssertFalse(run.stdout.contains("sk-sim-demo"))

                let team = try cli.team()
                let simFound = try await team.providers.find(name: "Sim")
                let sim = try XCTUnwrap(simFound)
                let readingFound = try await team.balances.latest()[sim.id!]
                let reading = try XCTUnwrap(readingFound)
                XCTAssertEqual(reading.amount, 31.25, accuracy: 1e-9)
                XCTAssertEqual(reading.unit, "USD")

                // One provider by name.
                let one = try await cli.succeed(["balance", "--provider", "Sim"])
                XCTAssertEqual(one.stdout.split(separator: "\n").count, 2, one.stdout)
                let history = try await team.balances.history(providerID: sim.id!, since: .distantPast)
                XCTAssertEqual(history.count, 2)
            }
        }
    }

    func testAFailingProviderIsShownStoredAndMakesTheExitNonZero() async throws {
        try await withCLI { cli in
            try await cli.succeed(["provider", "add", "Down", "--preset", "custom", "--base-url", "http://127.0.0.1:9"])
            try await cli.succeed(["key", "add", "Down", "--label", "main"], env: ["ATELIER_API_KEY": "sk-down-key-00001111"])
            try await cli.succeed(["provider", "add", "Keyless", "--preset", "custom", "--base-url", "http://127.0.0.1:9"])
            let run = try await cli.run(["balance", "--timeout", "5"])
            XCTAssertEqual(run.status, 2, run.stderr)
            let lines = run.stdout.split(separator: "\n").map(String.init)
            XCTAssertTrue(lines.contains { $0.hasPrefix("Down") && $0.contains("error: could not connect") }, run.stdout)
            XCTAssertTrue(lines.contains { $0.hasPrefix("Keyless") && $0.contains("no active API key") }, run.stdout)
            XCTAssertFalse(run.stdout.contains("sk-down-key-00001111"))
            let team = try cli.team()
            let down = try await team.providers.find(name: "Down")
            XCTAssertTrue(down?.lastBalanceError?.hasPrefix("could not connect") ?? false, "\(String(describing: down?.lastBalanceError))")
            let readings = try await team.balances.latest()
            XCTAssertTrue(readings.isEmpty)
        }
    }

    func testDirectModeStillAsksOneRelay() async throws {
        try await withSimulator(balance: 8) { simulator in
            try await withCLI { cli in
                let run = try await cli.run(["balance", "--base-url", simulator.baseURL, "--preset", "demo", "--key", "sk-sim-demo"],
                                            withStore: false)
                XCTAssertEqual(run.status, 0, run.stderr)
                XCTAssertTrue(run.stdout.hasPrefix("8.0000 USD"), run.stdout)
                XCTAssertFalse(FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("var").path),
                               "direct mode opens no database")

                let wrong = try await cli.run(["balance", "--base-url", simulator.baseURL, "--key", "sk-wrong-direct-key-42"], withStore: false)
                XCTAssertEqual(wrong.status, 2)
                XCTAssertTrue(wrong.stderr.contains("unauthorized"), wrong.stderr)
                XCTAssertFalse(wrong.stderr.contains("sk-wrong-direct-key-42"), wrong.stderr)
            }
        }
    }
}
