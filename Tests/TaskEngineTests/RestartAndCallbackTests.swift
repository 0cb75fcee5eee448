import AtelierStore
import Foundation
import RelayClient
import RelaySim
import TaskEngine
import XCTest

/// A restart in the middle, two writers at once, and callbacks good, doubled, late or forged.
final class RestartAndCallbackTests: XCTestCase {
    func testARestartTurnsAnInterruptedSubmitIntoUnknownAndResumesPolling() async throws {
        try await withTasks { fixture in
            // Killed between the row and the call: the task is `submitting` when the process dies.
            let interrupted = try await fixture.team.tasks.create(TaskRecord(
                id: "interrupted-1", memberId: fixture.member.id, memberName: "mei", providerId: fixture.provider.id,
                providerName: "Sim", family: "midjourney", operation: "mj-imagine", kind: "image", model: "midjourney",
                prompt: "lost in a crash", request: #"{"route":"mj-imagine","model":"","prompt":"lost in a crash","references":[],"instrumental":false}"#,
                idempotencyKey: "crash-1", deadlineAt: Date().addingTimeInterval(60))).task
            _ = try await fixture.team.tasks.claimQueued(limit: 10)
            // Killed mid-poll: a running task still leased by the dead process.
            let running = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "survives a restart"))
            _ = try await fixture.drive(running.id) { $0.status == .submitted || $0.status == .running }
            let leased = try await fixture.team.tasks.claimDue(now: Date().addingTimeInterval(1), limit: 10, lease: 0.5)
            XCTAssertEqual(leased.map(\.id), [running.id])

            // The new process starts: nobody polls the task while the dead one's lease holds,
            // and the interrupted submit is left alone until it is older than any call could take.
            await fixture.engine.step()
            let held = try await fixture.team.tasks.task(id: running.id)
            let heldUntil = try XCTUnwrap(held?.leaseUntil), leasedUntil = try XCTUnwrap(leased.first?.leaseUntil)
            XCTAssertEqual(heldUntil.timeIntervalSince(leasedUntil), 0, accuracy: 0.01, "not polled twice at the same time")
            let stillSending = try await fixture.team.tasks.task(id: interrupted.id)
            XCTAssertEqual(stillSending?.status, .submitting, "a recent submit may belong to a process still running")
            let turned = try await fixture.team.tasks.abandonStaleSubmits(before: Date().addingTimeInterval(1))
            XCTAssertEqual(turned, 1)
            let unknown = try await fixture.team.tasks.task(id: interrupted.id)
            XCTAssertEqual(unknown?.status, .unknown, "it may have reached the provider: never resent by itself")
            let done = try await fixture.drive(running.id)
            XCTAssertEqual(done.status, .succeeded, "picked up again once the dead poller's lease ran out")
            let usage = try await fixture.usage(of: running.id)
            XCTAssertEqual(usage.count, 1)
        }
    }

    func testTwoWritersFromTheSameStateNeverBothFinishOrCharge() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "race"))
            let running = try await fixture.drive(task.id) { $0.status == .submitted || $0.status == .running }
            let from = running.status
            let results = try await withThrowingTaskGroup(of: TaskRecord?.self) { group in
                for writer in 0..<2 {
                    group.addTask {
                        let usage = UsageEntry(memberId: fixture.member.id, memberName: "mei", providerId: fixture.provider.id,
                                               providerName: "Sim", apiKeyId: nil, model: "midjourney", amount: 1, unit: "USD",
                                               taskID: task.id)
                        return try await fixture.team.tasks.transition(task.id, from: from, usage: usage) { record in
                            record.status = .succeeded
                            record.failureMessage = "writer \(writer)"
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(results.compactMap { $0 }.count, 1, "exactly one writer wins")
            let usage = try await fixture.usage(of: task.id)
            XCTAssertEqual(usage.count, 1, "and only the winner's charge is written")
        }
    }

    func testCallbacksApplyOnceAndForgedOrLateOnesChangeNothing() async throws {
        var settings = TaskFixture.fastSettings
        settings.publicURL = "https://atelier.example.com/"
        settings.defaultPollInterval = 3600  // only callbacks move the task
        try await withTasks(settings: settings) { fixture in
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "called back"))
            let submitted = try await fixture.drive(task.id) { $0.status == .submitted || $0.status.isFinal }
            XCTAssertNotNil(submitted.callbackTokenDigest)
            let providerID = try XCTUnwrap(submitted.providerTaskId)

            // Wait until the simulator has finished the task, then deliver its JSON as a callback.
            var body = Data()
            for _ in 0..<100 {
                let response = try await fixture.transport.send(HTTPRequest(
                    method: "GET", url: fixture.simulator.baseURL + "/mj/task/\(providerID)/fetch",
                    headers: [("Authorization", "Bearer \(TaskFixture.simKey)")]))
                body = response.body
                if String(decoding: body, as: UTF8.self).contains("\"SUCCESS\"") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let token = TaskFixture.callbackToken(for: task.id)
            let forged = await fixture.engine.receiveCallback(token: String(token.reversed()), body: body, from: "203.0.113.9")
            XCTAssertEqual(forged, .refused)
            let untouched = try await fixture.team.tasks.task(id: task.id)
            XCTAssertEqual(untouched?.status, .submitted)

            let first = await fixture.engine.receiveCallback(token: token, body: body, from: "198.51.100.1")
            XCTAssertEqual(first, .applied)
            let twice = await fixture.engine.receiveCallback(token: token, body: body, from: "198.51.100.1")
            XCTAssertEqual(twice, .ignored, "a duplicate changes nothing")
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .succeeded)
            let late = await fixture.engine.receiveCallback(token: token, body: Data(#"{"id":"\#(providerID)","status":"IN_PROGRESS","progress":"10%"}"#.utf8),
                                                            from: "198.51.100.1")
            XCTAssertEqual(late, .ignored, "a late callback never moves a finished task back")
            let usage = try await fixture.usage(of: task.id)
            XCTAssertEqual(usage.count, 1)
        }
    }
}
