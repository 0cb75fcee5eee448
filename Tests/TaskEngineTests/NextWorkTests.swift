import AtelierStore
import Foundation
import RelayClient
import TaskEngine
import XCTest

/// The engine's idle ticks: one read says when work is next due, and a pass runs only then.
final class NextWorkTests: XCTestCase {
    private func record(_ id: String, fixture: TaskFixture, deadline: Date) -> TaskRecord {
        TaskRecord(id: id, memberId: fixture.member.id, memberName: "mei", providerId: fixture.provider.id, providerName: "Sim",
                   family: "midjourney", operation: "mj-imagine", kind: "image", model: "midjourney", prompt: "when",
                   request: #"{"route":"mj-imagine","model":"","prompt":"when","references":[],"instrumental":false}"#,
                   idempotencyKey: id, deadlineAt: deadline)
    }

    func testNextWorkIsTheEarliestMomentSomethingIsDue() async throws {
        try await withTasks { fixture in
            let tasks = fixture.team.tasks
            let now = Date()
            let none = try await tasks.nextWork(submitTimeout: 120)
            XCTAssertNil(none, "no task, no work")

            _ = try await tasks.create(record("next-1", fixture: fixture, deadline: now.addingTimeInterval(60)))
            let queuedWork = try await tasks.nextWork(submitTimeout: 120)
            let queued = try XCTUnwrap(queuedWork)
            XCTAssertLessThanOrEqual(queued, now, "a queued task is due at once")

            _ = try await tasks.claimQueued(now: now, limit: 1)
            let submittingWork = try await tasks.nextWork(submitTimeout: 120)
            let submitting = try XCTUnwrap(submittingWork)
            XCTAssertEqual(submitting.timeIntervalSince(now), 120, accuracy: 1, "a submit left by a stopped process, once older than any call")

            let pollAt = now.addingTimeInterval(30)
            _ = try await tasks.transition("next-1", from: .submitting, now: now) { task in
                task.status = .running
                task.nextPollAt = pollAt
            }
            let runningWork = try await tasks.nextWork(submitTimeout: 120)
            let running = try XCTUnwrap(runningWork)
            XCTAssertEqual(running.timeIntervalSince(pollAt), 0, accuracy: 0.002, "the next poll, before the deadline")

            _ = try await tasks.transition("next-1", from: .running, now: now) { task in
                task.status = .failed
                task.failureMessage = "done with"
            }
            let finished = try await tasks.nextWork(submitTimeout: 120)
            XCTAssertNil(finished, "finished tasks need nothing")
        }
    }

    /// The loop the server runs (not passes driven by hand) takes a task from submit to done.
    func testTheRunLoopFollowsATaskToTheEnd() async throws {
        try await withTasks { fixture in
            let loop = Task { await fixture.engine.run() }
            defer { loop.cancel() }
            let task = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "on its own"))
            let end = Date().addingTimeInterval(15)
            var last: TaskRecord?
            while Date() < end {
                last = try await fixture.team.tasks.task(id: task.id)
                if last?.status.isFinal == true { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            XCTAssertEqual(last?.status, .succeeded, last?.failureMessage ?? "")
            let after = try await fixture.team.tasks.nextWork(submitTimeout: 120)
            XCTAssertNil(after, "and then waits for nothing")
        }
    }
}
