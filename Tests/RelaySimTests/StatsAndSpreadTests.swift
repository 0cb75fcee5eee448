import Foundation
import XCTest

/// `/sim/stats` counts requests per route; `stepsSpread` makes tasks finish at different times.
final class StatsAndSpreadTests: XCTestCase {
    func testStatsCountRequestsPerRoute() async throws {
        let sim = try await SimHarness.start()
        defer { Task { try? await sim.stop() } }
        for _ in 0..<3 { _ = try await sim.get("/v1/models") }
        let stats = try await sim.get("/sim/stats", headers: [:]).object
        let routes = try XCTUnwrap(stats["routes"] as? [String: Int])
        XCTAssertEqual(routes["GET /v1/models"], 3)
        XCTAssertEqual(routes["GET /sim/stats"], 1, "the stats request counts itself")
        XCTAssertEqual(stats["total"] as? Int, 4)
    }

    func testASpreadGivesTasksDifferentLengths() async throws {
        let sim = try await SimHarness.start { $0.tick = .milliseconds(10); $0.stepsToFinish = 1; $0.stepsSpread = 50 }
        defer { Task { try? await sim.stop() } }
        var ids: [String] = []
        for index in 0..<8 {
            let submitted = try await sim.post("/mj/submit/imagine", ["prompt": "spread \(index)"]).object
            ids.append(try XCTUnwrap(submitted["result"] as? String))
        }
        try await Task.sleep(for: .milliseconds(700))
        var lengths: Set<Int> = []
        for id in ids {
            let task = try await sim.get("/mj/task/\(id)/fetch").object
            let submit = try XCTUnwrap((task["submitTime"] as? NSNumber)?.intValue)
            let finish = try XCTUnwrap((task["finishTime"] as? NSNumber)?.intValue)
            lengths.insert((finish - submit) / 10)
        }
        XCTAssertGreaterThan(lengths.count, 3, "lengths in ticks: \(lengths)")
    }
}
