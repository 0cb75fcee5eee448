import AtelierStore
@testable import AtelierWeb
import FastCGI
import Foundation
import XCTest

/// What the task page's script is told: `final` is true for every state that will not change by
/// itself, so the page stops asking (and reloads once) instead of polling for ever.
final class TaskStatusTests: XCTestCase {
    /// Whether a task in `state` can still move on without anyone acting. Exhaustive on purpose:
    /// a new state must be placed here.
    private func changesByItself(_ state: TaskState) -> Bool {
        switch state {
        case .queued, .submitting, .submitted, .running, .saving: return true
        // Waiting for the member's prompt or mask, but failed as timed out at its deadline.
        case .needsInput: return true
        case .succeeded, .failed, .cancelled: return false
        // Waits for the member's decision: the engine never sends or polls it again.
        case .unknown: return false
        }
    }

    func testTheStatusEndpointAndThePageAgreeOnEveryStateAndFinalMeansNothingWillChangeByItself() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let member = try await harness.team.members.add(name: "mei", displayName: "Mei", role: .member, password: "member password 1",
                                                         by: .system)
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("mei", "member password 1")
        for state in TaskState.allCases {
            let id = "state-\(state.rawValue)"
            _ = try await harness.team.tasks.create(TaskRecord(
                id: id, memberId: member.id, memberName: "mei", providerId: nil, providerName: "Sim", family: "openAI",
                operation: "openai-image", kind: "image", model: "flux", prompt: "p", request: "{}", idempotencyKey: id,
                deadlineAt: Date().addingTimeInterval(600)))
            if state != .queued {
                let moved = try await harness.team.tasks.transition(id, from: .queued) { $0.status = state }
                XCTAssertNotNil(moved)
            }
            let (response, json) = await browser.get("/tasks/\(id)/status")
            XCTAssertEqual(response.status, .ok)
            let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            XCTAssertEqual(body["status"] as? String, state.rawValue)
            let final = try XCTUnwrap(body["final"] as? Bool, json)
            XCTAssertEqual(final, !changesByItself(state), "final for \(state.rawValue)")
            let (_, page) = await browser.get("/tasks/\(id)")
            let running = page.contains(#"data-running="yes""#)
            XCTAssertEqual(running, !final, "the page follows \(state.rawValue) exactly while the endpoint says it is not final")
        }
    }
}
