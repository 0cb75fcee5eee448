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

/// Midjourney's MODAL: a button that needs a prompt (custom zoom) waits for the member, who
/// answers; the same task then runs to the end.
final class NeedsInputTests: XCTestCase {
    func testACustomZoomWaitsForAPromptThenFinishes() async throws {
        try await withTasks { fixture in
            let grid = try await fixture.drive(try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "a fox")).id)
            let gridState = try JSONDecoder().decode(RelayTask.self, from: Data(try XCTUnwrap(grid.relayState).utf8))
            let upscale = try XCTUnwrap(gridState.actions.first { $0.kind == "upscale" })
            let upscaled = try await fixture.drive(
                try await fixture.engine.press(actionID: upscale.id, on: grid.id, member: fixture.member, idempotencyKey: "u1").id)
            let upscaledState = try JSONDecoder().decode(RelayTask.self, from: Data(try XCTUnwrap(upscaled.relayState).utf8))
            let zoom = try XCTUnwrap(upscaledState.actions.first { $0.kind == "customZoom" }, "\(upscaledState.actions.map(\.kind))")
            let zooming = try await fixture.engine.press(actionID: zoom.id, on: upscaled.id, member: fixture.member, idempotencyKey: "zoom")
            let waiting = try await fixture.drive(zooming.id) { $0.status == .needsInput || $0.status.isFinal }
            XCTAssertEqual(waiting.status, .needsInput, waiting.failureMessage ?? "")
            for _ in 0..<5 { await fixture.engine.step() }
            let still = try await fixture.team.tasks.task(id: zooming.id)
            XCTAssertEqual(still?.status, .needsInput, "it waits for the member, not for a deadline poll")

            let answered = try await fixture.engine.answer(taskID: zooming.id, prompt: "a fox --zoom 1.5", mask: nil)
            XCTAssertEqual(answered.status, .submitted)
            let done = try await fixture.drive(zooming.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            do {
                _ = try await fixture.engine.answer(taskID: zooming.id, prompt: "again", mask: nil)
                XCTFail("a finished task takes no answer")
            } catch TaskActionRefusal.notNow {}
        }
    }
}
