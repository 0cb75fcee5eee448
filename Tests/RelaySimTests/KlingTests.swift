import Foundation
import XCTest

final class KlingTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start() }
    override func tearDown() async throws { try await sim.stop() }

    func testText2VideoNativeRunsToSucceedWithMP4() async throws {
        let submit = try await sim.post("/kling/v1/videos/text2video", ["model_name": "kling-v1-6", "prompt": "waves", "duration": "5"])
        XCTAssertEqual(submit.status, 200, submit.text)
        XCTAssertEqual(try submit.object["code"] as? Int, 0)
        let data = try submit.object[object: "data"]
        XCTAssertEqual(data[string: "task_status"], "submitted")
        let id = try XCTUnwrap(data[string: "task_id"])
        let seen = try await sim.poll("/kling/v1/videos/text2video/\(id)") {
            ["succeed", "failed"].contains($0[object: "data"][string: "task_status"] ?? "")
        }
        let statuses = seen.compactMap { $0[object: "data"][string: "task_status"] }
        XCTAssertTrue(statuses.contains("processing"), "\(statuses)")
        let final = try XCTUnwrap(seen.last?[object: "data"])
        XCTAssertEqual(final[string: "task_status"], "succeed")
        XCTAssertGreaterThan(final["created_at"] as? Int ?? 0, 1_700_000_000_000, "ms timestamps")
        let video = try XCTUnwrap(final[object: "task_result"][array: "videos"].first)
        let awaited1 = try await sim.download(try XCTUnwrap(video[string: "url"]))
        XCTAssertTrue(Signatures.isMP4(awaited1))
    }

    func testImagesAndValidationAndCallback() async throws {
        let hooks = try await HookReceiver.start()
        defer { Task { await hooks.stop() } }
        let submit = try await sim.post("/kling/v1/images/generations", ["prompt": "a cat", "n": 2, "callback_url": hooks.url("kling")])
        let id = try XCTUnwrap(try submit.object[object: "data"][string: "task_id"])
        let bodies = try await hooks.wait(for: "kling") { $0.last?[string: "task_status"] == "succeed" }
        XCTAssertEqual(bodies.compactMap { $0[string: "task_status"] }.last, "succeed")
        XCTAssertEqual(Set(bodies.compactMap { $0[string: "task_status"] }).count, bodies.count, "one callback per status")
        XCTAssertTrue(bodies.allSatisfy { $0[string: "task_id"] == id })
        let images = bodies.last?[object: "task_result"][array: "images"] ?? []
        XCTAssertEqual(images.count, 2)
        let awaited2 = try await sim.download(try XCTUnwrap(images.first?[string: "url"]))
        XCTAssertTrue(Signatures.isPNG(awaited2))

        let missing = try await sim.post("/kling/v1/videos/image2video", ["prompt": "no image"])
        XCTAssertEqual(missing.status, 400)
        XCTAssertEqual(try missing.object["code"] as? Int, 1201)
        let unknown = try await sim.get("/kling/v1/videos/image2video/nope")
        XCTAssertEqual(unknown.status, 404)
    }

    func testNewAPIModeAnswersVideoObjectAndTaskDto() async throws {
        try await sim.stop()
        sim = try await SimHarness.start { $0.klingMode = .newAPI }
        let submit = try await sim.post("/kling/v1/videos/text2video", ["model": "kling-v1", "prompt": "rain"])
        XCTAssertEqual(try submit.object[string: "object"], "video")
        let id = try XCTUnwrap(try submit.object[string: "task_id"])
        let seen = try await sim.poll("/kling/v1/videos/text2video/\(id)") { $0[object: "data"][string: "status"] == "SUCCESS" }
        let final = try XCTUnwrap(seen.last?[object: "data"])
        XCTAssertEqual(final[object: "data"][string: "task_status"], "succeed")
        let awaited3 = try await sim.download(try XCTUnwrap(final[string: "result_url"]))
        XCTAssertTrue(Signatures.isMP4(awaited3))
    }
}
