import Foundation
import XCTest

/// 2,000 tasks in flight at once stay cheap: state is computed lazily, nothing runs per task.
final class LoadTests: XCTestCase {
    func testTwoThousandTasksInFlight() async throws {
        let sim = try await SimHarness.start {
            $0.tick = .seconds(5)
            $0.balance = 1_000
        }
        let total = 2_000, workers = 16
        let started = ContinuousClock.now
        let ids = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var ids: [String] = []
                    for index in stride(from: worker, to: total, by: workers) {
                        let answer = try await sim.post("/mj/submit/imagine", ["prompt": "load \(index)"])
                        ids.append(try answer.object[string: "result"] ?? "")
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        XCTAssertEqual(Set(ids).count, total, "ids are unique")
        let listed = try await sim.post("/mj/task/list-by-condition", ["ids": Array(ids.prefix(500))])
        let tasks = try listed.json as? [[String: Any]] ?? []
        XCTAssertEqual(tasks.count, 500)
        XCTAssertTrue(tasks.allSatisfy { $0[string: "status"] != "SUCCESS" }, "all still in flight")
        let usage = try await sim.get("/v1/dashboard/billing/usage").object
        XCTAssertEqual(usage["total_usage"] as? Double ?? 0, Double(total) * 5, accuracy: 1e-6)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(60))
        try await sim.stop()
    }
}
