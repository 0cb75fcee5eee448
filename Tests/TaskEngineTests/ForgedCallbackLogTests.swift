@testable import TaskEngine
import Foundation
import TestSupport
import XCTest

/// Forged callbacks cannot fill the log: ten lines a minute, then one line counting the rest.
final class ForgedCallbackLogTests: XCTestCase {
    func testTheSamplerLetsTenLinesThroughPerWindowAndCountsTheRest() {
        let sampler = LogSampler(limit: 10, window: 60)
        let start = Date()
        let first = (0..<25).map { sampler.admit(now: start.addingTimeInterval(Double($0))) }
        XCTAssertEqual(first.filter(\.log).count, 10)
        XCTAssertTrue(first.allSatisfy { $0.heldBackBefore == 0 })
        let next = sampler.admit(now: start.addingTimeInterval(61))
        XCTAssertTrue(next.log, "a new window")
        XCTAssertEqual(next.heldBackBefore, 15, "the summary counts what the last window held back")
        XCTAssertEqual(sampler.admit(now: start.addingTimeInterval(62)).heldBackBefore, 0, "and is given once")
    }

    func testThirtyForgedCallbacksWriteTenLogLines() async throws {
        let recorder = LogRecorder()
        let fixture = try await TaskFixture.start(logger: recorder.logger)
        defer { Task { await fixture.stop() } }
        for index in 0..<30 {
            let outcome = await fixture.engine.receiveCallback(token: "forged-token-number-\(index)", body: Data("{}".utf8),
                                                               from: "203.0.113.\(index)")
            XCTAssertEqual(outcome, .refused)
        }
        let lines = recorder.all.filter { $0.contains("callback refused") }
        XCTAssertEqual(lines.count, 10, "\(recorder.all)")
    }
}
