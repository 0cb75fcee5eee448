import AtelierStore
import Foundation
import RelayClient
import RelaySim
import TaskEngine
import XCTest

/// Cancelling, and how many requests following many tasks costs at the provider.
final class CancelAndBatchTests: XCTestCase {
    /// Requests relay-sim has answered per route.
    private func stats(_ fixture: TaskFixture) async throws -> [String: Int] {
        let response = try await fixture.transport.send(HTTPRequest(method: "GET", url: fixture.simulator.baseURL + "/sim/stats"))
        let json = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return try XCTUnwrap(json?["routes"] as? [String: Int])
    }

    func testManyMidjourneyTasksArePolledInBatchesNotOneByOne() async throws {
        var settings = TaskFixture.fastSettings
        settings.defaultPollInterval = 0.3
        try await withTasks(settings: settings) { fixture in
            var ids: [String] = []
            for index in 0..<12 { ids.append(try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "batch \(index)")).id) }
            for id in ids {
                let done = try await fixture.drive(id)
                XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            }
            let routes = try await stats(fixture)
            let single = routes.filter { $0.key.contains("/fetch") && $0.key.contains("{id}") }.values.reduce(0, +)
            let batch = routes.filter { $0.key.contains("list-by-condition") }.values.reduce(0, +)
            XCTAssertEqual(single, 0, "no task is fetched on its own: \(routes)")
            XCTAssertGreaterThan(batch, 0)
            let submits = routes.filter { $0.key.contains("/submit/") }.values.reduce(0, +)
            XCTAssertEqual(submits, 12, "each task sent exactly once")
            XCTAssertLessThanOrEqual(Double(batch) / 12, 3, "upstream polls per finished task: \(batch) for 12")
        }
    }

    func testCancelDropsAQueuedTaskAndCancelsARunningOneAtTheProvider() async throws {
        let slow = SimulatorConfiguration(tick: .seconds(2), stepsToFinish: 10, seed: 4, deliverCallbacks: false)
        try await withTasks(simulator: slow) { fixture in
            let running = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "to be cancelled"))
            _ = try await fixture.drive(running.id) { $0.status == .submitted || $0.status == .running }
            let cancelled = try await fixture.engine.cancel(taskID: running.id)
            XCTAssertEqual(cancelled.status, .cancelled)
            let routes = try await stats(fixture)
            XCTAssertEqual(routes.filter { $0.key.contains("cancel") }.values.reduce(0, +), 1, "the provider was asked: \(routes)")
            do {
                _ = try await fixture.engine.cancel(taskID: running.id)
                XCTFail("a cancelled task cannot be cancelled again")
            } catch TaskActionRefusal.notNow {}

            let suno = try await fixture.submit(StudioRequest(route: .sunoMusic, model: "chirp-v4", prompt: "no cancel call"))
            _ = try await fixture.drive(suno.id) { $0.status == .submitted || $0.status == .running }
            do {
                _ = try await fixture.engine.cancel(taskID: suno.id)
                XCTFail("Suno has no cancel call")
            } catch TaskActionRefusal.notSupported {}
        }
    }
}
