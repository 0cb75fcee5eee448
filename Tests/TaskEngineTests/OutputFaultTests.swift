import AtelierStore
import Foundation
import RelayClient
import TaskEngine
import XCTest

/// A provider reports success, but its output links are bad: a private address of an unknown
/// host, a 2 GiB file, HTML instead of a PNG, a server error. The task never succeeds without
/// its outputs, and says why.
final class OutputFaultTests: XCTestCase {
    /// A task the provider has finished with these output links (as a poll would have written it).
    private func finished(_ fixture: TaskFixture, links: [String], kind: String = "image") async throws -> String {
        let id = UUID().uuidString
        _ = try await fixture.team.tasks.create(TaskRecord(
            id: id, memberId: fixture.member.id, memberName: "mei", providerId: fixture.provider.id, providerName: "Sim",
            family: "openAI", operation: "openai-image", kind: "image", model: "dall-e-3", prompt: "links",
            request: #"{"route":"openai-image","model":"dall-e-3","prompt":"links","references":[],"instrumental":false}"#,
            idempotencyKey: id, deadlineAt: Date().addingTimeInterval(60)))
        let outputs = links.enumerated().map { TaskOutputRecord(taskId: id, position: $0.offset, kind: kind, sourceURL: $0.element) }
        let moved = try await fixture.team.tasks.transition(id, from: .queued, outputs: outputs) { $0.status = .saving }
        XCTAssertNotNil(moved)
        return id
    }

    private func failure(_ fixture: TaskFixture, links: [String], kind: String = "image") async throws -> (TaskRecord, [TaskOutputRecord]) {
        let id = try await finished(fixture, links: links, kind: kind)
        let done = try await fixture.drive(id)
        XCTAssertEqual(done.status, .failed, "never succeeded without its outputs")
        return (done, try await fixture.team.tasks.outputs(taskID: id))
    }

    func testGoodLinksFromTheProvidersHostAreKeptAndTheTaskSucceeds() async throws {
        try await withTasks { fixture in
            let id = try await finished(fixture, links: [fixture.simulator.baseURL + "/files/img/ok_64x64.png"])
            let done = try await fixture.drive(id)
            XCTAssertEqual(done.status, .succeeded)
        }
    }

    func testALoopbackAddressOfAnUnknownHostIsRefused() async throws {
        try await withTasks { fixture in
            let (done, outputs) = try await failure(fixture, links: ["http://127.0.0.1:1/files/img/x_64x64.png"])
            XCTAssertEqual(outputs.first?.state, .failed)
            XCTAssertEqual(outputs.first?.attempts, 1, "a refused address is not retried")
            XCTAssertTrue((done.failureMessage ?? "").contains("127.0.0.1"), done.failureMessage ?? "")
        }
    }

    func testHTMLInsteadOfAPNGIsRefused() async throws {
        try await withTasks { fixture in
            let (done, _) = try await failure(fixture, links: [fixture.simulator.baseURL + "/files/fault/html-as.png"])
            XCTAssertTrue((done.failureMessage ?? "").lowercased().contains("html"), done.failureMessage ?? "")
        }
    }

    func testATwelveByteMP4IsNotKeptAsAFinishedVideo() async throws {
        try await withTasks { fixture in
            let (done, outputs) = try await failure(fixture, links: [fixture.simulator.baseURL + "/files/fault/tiny.mp4"], kind: "video")
            XCTAssertTrue((done.failureMessage ?? "").contains("only 12 bytes, not a video file"), done.failureMessage ?? "")
            XCTAssertEqual(outputs.first?.attempts, 1, "a broken file is not fetched again")
            XCTAssertNil(outputs.first?.relativePath)
        }
    }

    func testARealVideoIsKeptAndTheTaskSucceeds() async throws {
        try await withTasks { fixture in
            let id = try await finished(fixture, links: [fixture.simulator.baseURL + "/files/video/clip.mp4"], kind: "video")
            let done = try await fixture.drive(id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
        }
    }

    func testATwoGigabyteFileIsRefusedWithoutBeingDownloaded() async throws {
        try await withTasks { fixture in
            let started = Date()
            let (_, outputs) = try await failure(fixture, links: [fixture.simulator.baseURL + "/files/fault/huge.png"])
            XCTAssertLessThan(Date().timeIntervalSince(started), 10)
            XCTAssertNil(outputs.first?.relativePath)
            let media = fixture.folder.appendingPathComponent("media")
            let files = (try? FileManager.default.subpathsOfDirectory(atPath: media.path)) ?? []
            XCTAssertFalse(files.contains { $0.hasSuffix(".png") }, "nothing kept: \(files)")
        }
    }

    func testAServerErrorIsRetriedThenFailsTheTask() async throws {
        try await withTasks { fixture in
            let (_, outputs) = try await failure(fixture, links: [fixture.simulator.baseURL + "/files/fault/status/500"])
            XCTAssertEqual(outputs.first?.attempts, TaskFixture.fastSettings.outputAttempts, "retried before giving up")
        }
    }
}
