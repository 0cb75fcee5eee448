import AtelierStore
import Foundation
import RelayClient
import RelaySim
import TaskEngine
import XCTest

/// The provider misbehaves (relay-sim's magic words and random faults): no task is lost or
/// doubled, and each ends in a state a member can understand.
final class ProviderFaultTests: XCTestCase {
    func testA500AtSubmitFailsTheTaskWithoutCharge() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "cat sim:500"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertEqual(done.failureCategory, RelayErrorCategory.upstreamFailure.rawValue)
            XCTAssertNotNil(done.providerMessage, "the provider's words are kept for the disclosure")
            let usage = try await fixture.usage(of: task.id)
            XCTAssertTrue(usage.isEmpty)
        }
    }

    func testAFailedGenerationKeepsTheProvidersReasonAndIsNotCharged() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "dog sim:fail"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertFalse((done.providerMessage ?? "").isEmpty)
            let usage = try await fixture.usage(of: task.id)
            XCTAssertTrue(usage.isEmpty)
        }
    }

    func testAnImageModelAnsweringTextOnlyFailsPlainlyWithItsTextInsteadOfBecomingUnknown() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .openAIImage, model: "flux", prompt: "a lighthouse sim:noimage"))
            let done = try await fixture.drive(task.id) { $0.status == .unknown || $0.status.isFinal }
            XCTAssertEqual(done.status, .failed, "the provider answered: nothing was lost, nothing is left to decide")
            XCTAssertEqual(done.failureCategory, RelayErrorCategory.upstreamFailure.rawValue)
            XCTAssertTrue((done.providerMessage ?? "").contains("answered without an image: Simulated reply: a lighthouse"),
                          done.providerMessage ?? "")
            let usage = try await fixture.usage(of: task.id)
            XCTAssertTrue(usage.isEmpty)
        }
    }

    func testA404AtSubmitSaysTheProviderDoesNotOfferTheRouteNotThatItLostTheTask() async throws {
        try await withTasks { fixture in
            let actor = Actor(memberID: nil, name: "task-tests", remoteAddress: "-")
            let gone = try await fixture.team.providers.add(
                ProviderStore.Input(name: "Elsewhere", preset: "demo", baseURL: fixture.simulator.baseURL + "/elsewhere", authKind: .bearer),
                by: actor)
            try await fixture.team.keys.add(providerID: gone.id!, label: "main", secret: ProviderSecret(key: TaskFixture.simKey),
                                            expiresOn: nil, by: actor)
            let task = try await fixture.engine.submit(SubmitOrder(
                request: StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "a kite"), providerID: gone.id!,
                member: fixture.member, idempotencyKey: "elsewhere-0000000001"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertEqual(done.failureCategory, FailureText.notOffered, "a 404 at submit: no such route here")
            XCTAssertEqual(done.failureMessage, "The provider does not offer this route or model.")
            XCTAssertTrue((done.providerMessage ?? "").contains("Invalid URL (POST /elsewhere/v1/images/generations)"),
                          done.providerMessage ?? "")
        }
    }

    func testAProviderWithoutAnActiveKeyFailsAsNotSetUpNotAsARefusedKey() async throws {
        try await withTasks { fixture in
            let keys = try await fixture.team.keys.list(providerID: fixture.provider.id!)
            for listing in keys {
                try await fixture.team.keys.revoke(keyID: listing.key.id!, by: Actor(memberID: nil, name: "t", remoteAddress: "-"))
            }
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "a heron"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertEqual(done.failureCategory, FailureText.notConfigured, "nothing reached the provider: it refused no key")
            XCTAssertTrue((done.failureMessage ?? "").contains("has no active API key"), done.failureMessage ?? "")
        }
    }

    func testGarbageAnsweringASubmitMakesItUnknownNeverResent() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "fox sim:garbage"))
            let unknown = try await fixture.drive(task.id) { $0.status == .unknown || $0.status.isFinal }
            XCTAssertEqual(unknown.status, .unknown, "a 2xx we cannot read may have created a paid task")
            for _ in 0..<5 { await fixture.engine.step() }
            let still = try await fixture.team.tasks.task(id: task.id)
            XCTAssertEqual(still?.status, .unknown, "the engine never sends it again by itself")

            // The member chooses: send it again as a new task (the old one is closed).
            let again = try await fixture.engine.retry(taskID: task.id, member: fixture.member, idempotencyKey: "retry-1")
            XCTAssertNotEqual(again.id, task.id)
            XCTAssertEqual(again.parentId, task.id)
            let closed = try await fixture.team.tasks.task(id: task.id)
            XCTAssertEqual(closed?.status, .failed)
        }
    }

    func testASubmitThatHangsPastTheTimeoutBecomesUnknown() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "owl sim:hang"))
            let done = try await fixture.drive(task.id, timeout: 15) { $0.status == .unknown || $0.status.isFinal }
            XCTAssertEqual(done.status, .unknown)
            let closed = try await fixture.engine.closeUnknown(taskID: task.id, member: fixture.member)
            XCTAssertEqual(closed.status, .failed)
            let usage = try await fixture.usage(of: task.id)
            XCTAssertTrue(usage.isEmpty)
        }
    }

    func testATaskTheProviderLosesFailsAsNotFoundAfterAFewTries() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "bat sim:lost"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertEqual(done.failureCategory, RelayErrorCategory.notFound.rawValue)
            XCTAssertEqual(done.pollFailures, TaskFixture.fastSettings.lostAfter, "given up after lostAfter misses, not at the first")
        }
    }

    func testA429AtSubmitIsSentAgainAfterABackoffThenGivesUp() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "elk sim:429"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertEqual(done.failureCategory, RelayErrorCategory.rateLimited.rawValue)
            XCTAssertEqual(done.pollFailures, TaskFixture.fastSettings.submitAttempts - 1, "refused submits are resent, within a limit")
        }
    }

    func testRandom429sWhilePollingNeitherLoseNorDoubleTasks() async throws {
        let flaky = SimulatorConfiguration(tick: .milliseconds(40), stepsToFinish: 3, rateLimitRate: 0.3, seed: 5,
                                           deliverCallbacks: false, streamChunkDelay: .milliseconds(1))
        try await withTasks(simulator: flaky) { fixture in
            var ids: [String] = []
            for index in 0..<8 {
                ids.append(try await fixture.submit(StudioRequest(route: .sunoMusic, model: "chirp-v4", prompt: "tune \(index)")).id)
            }
            for id in ids {
                let done = try await fixture.drive(id, timeout: 20)
                if done.status == .failed {
                    XCTAssertEqual(done.failureCategory, RelayErrorCategory.rateLimited.rawValue, "only a run of refused submits may fail it")
                    XCTAssertNil(done.providerTaskId, "a task the provider accepted is never failed by 429s while polling")
                    continue
                }
                XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
                let usage = try await fixture.usage(of: id)
                XCTAssertEqual(usage.count, 1, "charged exactly once")
            }
            let all = try await fixture.team.tasks.list(memberID: nil)
            XCTAssertEqual(all.count, 8)
        }
    }

    func testATaskPastItsDeadlineFailsAsTimedOut() async throws {
        var settings = TaskFixture.fastSettings
        settings.defaultDeadline = 0.3
        let slow = SimulatorConfiguration(tick: .seconds(5), stepsToFinish: 3, seed: 3, deliverCallbacks: false)
        try await withTasks(simulator: slow, settings: settings) { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "slow snail"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .failed)
            XCTAssertEqual(done.failureCategory, RelayErrorCategory.timeout.rawValue)
            let response = try await fixture.transport.send(HTTPRequest(method: "GET", url: fixture.simulator.baseURL + "/sim/stats"))
            let routes = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["routes"] as? [String: Int] ?? [:]
            XCTAssertEqual(routes.filter { $0.key.contains("cancel") }.values.reduce(0, +), 1,
                           "the provider was asked to stop it, so it is not charged behind our back")
        }
    }
}
