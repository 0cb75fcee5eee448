import Foundation
import XCTest

final class BillingTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start { $0.balance = 10 } }
    override func tearDown() async throws { try await sim.stop() }

    private struct Numbers: Equatable {
        let granted: Double, usedCents: Double, tokenUsed: Int, tokenAvailable: Int, selfQuota: Int, selfUsed: Int
    }

    private func numbers() async throws -> Numbers {
        let subscription = try await sim.get("/v1/dashboard/billing/subscription").object
        let usage = try await sim.get("/dashboard/billing/usage").object
        let token = try await sim.get("/api/usage/token/").object[object: "data"]
        let me = try await sim.get("/api/user/self", headers: ["Authorization": "Bearer sim-dashboard-token", "New-Api-User": "1"])
        XCTAssertEqual(me.status, 200, me.text)
        let user = try me.object[object: "data"]
        return Numbers(
            granted: subscription["hard_limit_usd"] as? Double ?? -1, usedCents: usage["total_usage"] as? Double ?? -1,
            tokenUsed: token["total_used"] as? Int ?? -1, tokenAvailable: token["total_available"] as? Int ?? -1,
            selfQuota: user["quota"] as? Int ?? -1, selfUsed: user["used_quota"] as? Int ?? -1)
    }

    func testBalancesAgreeAndDecreaseWhenCharged() async throws {
        let before = try await numbers()
        XCTAssertEqual(before.granted, 10)
        XCTAssertEqual(before.usedCents, 0)
        XCTAssertEqual(before.selfQuota, 10 * 500_000)
        _ = try await sim.post("/v1/chat/completions", ["model": "gpt-4o-mini", "messages": [["role": "user", "content": "hi"]]])
        _ = try await sim.post("/mj/submit/imagine", ["prompt": "a cat"])
        let after = try await numbers()
        XCTAssertEqual(after.granted, 10)
        XCTAssertEqual(after.usedCents, 5.2, accuracy: 1e-9)
        XCTAssertEqual(after.tokenUsed, 26_000)
        XCTAssertEqual(after.selfUsed, after.tokenUsed)
        XCTAssertEqual(after.selfQuota, after.tokenAvailable)
        XCTAssertEqual(after.selfQuota + after.selfUsed, 10 * 500_000)
    }

    func testFailedTasksAreRefunded() async throws {
        let awaited1 = try await sim.post("/mj/submit/imagine", ["prompt": "sim:fail"]).object[string: "result"]
        let id = try XCTUnwrap(awaited1)
        let awaited2 = try await numbers().usedCents
        XCTAssertEqual(awaited2, 5, accuracy: 1e-9)
        _ = try await sim.poll("/mj/task/\(id)/fetch") { $0[string: "status"] == "FAILURE" }
        let awaited3 = try await numbers().usedCents
        XCTAssertEqual(awaited3, 0, accuracy: 1e-9)
    }

    func testDashboardAuth() async throws {
        let withKey = try await sim.get("/api/user/self")
        XCTAssertEqual(withKey.status, 401, "an sk- key is not a dashboard credential")
        XCTAssertEqual(try withKey.object["success"] as? Bool, false)
        let wrongUser = try await sim.get("/api/user/self", headers: ["Authorization": "sim-dashboard-token", "New-Api-User": "2"])
        XCTAssertEqual(wrongUser.status, 401)
        let bare = try await sim.get("/api/user/self", headers: ["Authorization": "sim-dashboard-token"])
        XCTAssertEqual(bare.status, 200)
        let token = try await sim.get("/api/usage/token/", headers: ["Authorization": "Bearer sk-nope"])
        XCTAssertEqual(token.status, 401)
        XCTAssertEqual(try token.object[string: "message"], "Invalid Bearer token")
    }
}
