import AtelierStore
import Foundation
import RelayClient
import XCTest

/// `atelier bench-seed` fills the task pages `make bench` loads: finished tasks of several routes
/// over the members, with outputs, English and Chinese prompts, and a Midjourney task whose id it
/// prints, with its buttons.
final class BenchSeedCommandTests: XCTestCase {
    func testTheSeedWritesFinishedTasksWithOutputsAndNamesAMidjourneyTask() async throws {
        try await withCLI { cli in
            let run = try await cli.succeed(["bench-seed", "--members", "6", "--providers", "2", "--usage", "10", "--tasks", "120"],
                                            env: ["ATELIER_LEAD_PASSWORD": "bench lead password"])
            let line = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("midjourney task: ") }, run.stdout)
            let id = String(line.dropFirst("midjourney task: ".count))

            let team = try cli.team()
            let midjourney = try await team.tasks.task(id: id)
            let task = try XCTUnwrap(midjourney)
            XCTAssertEqual(task.family, ProtocolFamily.midjourney.rawValue)
            XCTAssertEqual(task.status, .succeeded)
            let relay = try JSONDecoder().decode(RelayTask.self, from: Data(try XCTUnwrap(task.relayState).utf8))
            XCTAssertEqual(relay.actions.filter { $0.kind == "upscale" }.count, 4, "U1–U4 on the task page")
            let outputs = try await team.tasks.outputs(taskID: id)
            XCTAssertEqual(outputs.map(\.state), [.kept])

            var rows: [TaskListRow] = []
            var position = TaskListPosition.first
            while true {
                let page = try await team.tasks.listPage(memberID: nil, from: position, limit: 100)
                rows += page.rows
                guard let older = page.older else { break }
                position = older
            }
            XCTAssertEqual(rows.count, 120)
            XCTAssertTrue(rows.allSatisfy { $0.status == .succeeded && $0.finishedAt != nil && $0.cost != nil })
            XCTAssertEqual(Set(rows.map(\.operation)), ["mj-imagine", "suno-music", "kling-video", "luma-video", "openai-image"])
            XCTAssertGreaterThan(Set(rows.map(\.memberName)).count, 1, "spread over the members")
            XCTAssertTrue(rows.contains { $0.promptPrefix.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }, "Chinese prompts")
            XCTAssertTrue(rows.contains { $0.promptPrefix.hasPrefix("a ") || $0.promptPrefix.hasPrefix("an ") }, "English prompts")
        }
    }
}
