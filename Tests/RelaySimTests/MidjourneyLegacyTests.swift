import Foundation
import XCTest

/// The smaller Midjourney endpoints: legacy change / simple-change, video, uploads, relax prefix.
final class MidjourneyLegacyTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start() }
    override func tearDown() async throws { try await sim.stop() }

    private func finished(_ id: String) async throws -> [String: Any] {
        let seen = try await sim.poll("/mj-relax/mj/task/\(id)/fetch") { ["SUCCESS", "FAILURE"].contains($0[string: "status"] ?? "") }
        return try XCTUnwrap(seen.last)
    }

    func testChangeSimpleChangeVideoAndUpload() async throws {
        let imagine = try await sim.post("/mj-relax/mj/submit/imagine", ["prompt": "a lake"]).object
        let id = try XCTUnwrap(imagine[string: "result"])
        let grid = try await finished(id)
        XCTAssertEqual(grid[string: "mode"], "RELAX")

        let change = try await sim.post("/mj/submit/change", ["taskId": id, "action": "UPSCALE", "index": 2]).object
        XCTAssertEqual(change["code"] as? Int, 1)
        let upscaled = try await finished(try XCTUnwrap(change[string: "result"]))
        XCTAssertEqual(upscaled[string: "action"], "UPSCALE")

        let simple = try await sim.post("/mj/submit/simple-change", ["content": "\(id) V3"]).object
        XCTAssertEqual(simple["code"] as? Int, 1)
        let varied = try await finished(try XCTUnwrap(simple[string: "result"]))
        XCTAssertEqual(varied[string: "action"], "VARIATION")
        let bad = try await sim.post("/mj/submit/simple-change", ["content": "\(id) X9"]).object
        XCTAssertEqual(bad["code"] as? Int, 4)

        let animate = try XCTUnwrap(upscaled[array: "buttons"].first { $0[string: "label"] == "Animate (High motion)" }?[string: "customId"])
        let video = try await sim.post("/mj/submit/action", ["taskId": upscaled[string: "id"] ?? "", "customId": animate]).object
        let animated = try await finished(try XCTUnwrap(video[string: "result"]))
        XCTAssertEqual(animated[string: "action"], "VIDEO")
        let videoURL = try XCTUnwrap(animated[string: "videoUrl"])
        let videoBytes = try await sim.download(videoURL)
        XCTAssertTrue(Signatures.isMP4(videoBytes))

        let upload = try await sim.post("/mj/submit/upload-discord-images", ["base64Array": ["data:image/png;base64,AAAA"]]).object
        let urls = try XCTUnwrap(upload["result"] as? [String])
        let uploaded = try await sim.download(try XCTUnwrap(urls.first))
        XCTAssertTrue(Signatures.isPNG(uploaded))
    }

    func testLumaNotifyHook() async throws {
        let hooks = try await HookReceiver.start()
        defer { Task { await hooks.stop() } }
        _ = try await sim.post("/luma/generations", ["user_prompt": "a kite", "notify_hook": hooks.url("luma")])
        let bodies = try await hooks.wait(for: "luma") { $0.last?[object: "video"][string: "download_url"] != nil }
        let states = bodies.compactMap { $0[string: "state"] }
        XCTAssertEqual(states.first, "pending")
        XCTAssertEqual(states.last, "completed")
        XCTAssertNotNil(bodies.last?[object: "video"][string: "download_url"])
    }
}
