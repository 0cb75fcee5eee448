import Foundation
import XCTest

/// Luma, Runway, Jimeng, Img Open and MX.
final class OtherFamiliesTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start() }
    override func tearDown() async throws { try await sim.stop() }

    func testLumaDownloadURLAppearsOneTickAfterCompletion() async throws {
        let submit = try await sim.post("/luma/generations", ["user_prompt": "a train", "aspect_ratio": "16:9"])
        XCTAssertEqual(try submit.object[string: "state"], "pending")
        let id = try XCTUnwrap(try submit.object[string: "id"])
        let seen = try await sim.poll("/luma/generations/\(id)") { $0[object: "video"][string: "download_url"] != nil }
        XCTAssertTrue(seen.contains { $0[string: "state"] == "processing" })
        XCTAssertTrue(
            seen.contains { $0[string: "state"] == "completed" && $0[object: "video"][string: "download_url"] == nil },
            "completed without a link first")
        let final = try XCTUnwrap(seen.last)
        let awaited1 = try await sim.download(try XCTUnwrap(final[object: "video"][string: "download_url"]))
        XCTAssertTrue(Signatures.isMP4(awaited1))
        let extend = try await sim.post("/luma/generations/\(id)/extend", ["user_prompt": "and further"])
        XCTAssertEqual(extend.status, 200, extend.text)
        let empty = try await sim.post("/luma/generations", [:])
        XCTAssertEqual(empty.status, 400)
    }

    func testRunwayProgressAndOutput() async throws {
        let submit = try await sim.post(
            "/runwayml/v1/image_to_video", ["model": "gen4_turbo", "promptImage": "https://example.invalid/a.png", "ratio": "1280:720", "duration": 5])
        let id = try XCTUnwrap(try submit.object[string: "id"])
        let seen = try await sim.poll("/runwayml/v1/tasks/\(id)") { ["SUCCEEDED", "FAILED"].contains($0[string: "status"] ?? "") }
        XCTAssertEqual(seen.first?[string: "status"], "PENDING")
        let progress = seen.compactMap { $0["progress"] as? Double }
        XCTAssertFalse(progress.isEmpty)
        XCTAssertTrue(progress.allSatisfy { (0.1...0.9).contains($0) })
        let awaited2 = try await sim.download(try XCTUnwrap((seen.last?["output"] as? [String])?.first))
        XCTAssertTrue(Signatures.isMP4(awaited2))

        let failing = try await sim.post("/runwayml/v1/image_to_video", ["promptImage": "x", "promptText": "sim:fail"])
        let failed = try await sim.poll("/runwayml/v1/tasks/\(try failing.object[string: "id"] ?? "")") {
            ["SUCCEEDED", "FAILED"].contains($0[string: "status"] ?? "")
        }
        XCTAssertEqual(failed.last?[string: "status"], "FAILED")
        XCTAssertNotNil(failed.last?[string: "failureCode"])
    }

    func testJimengIsSynchronous() async throws {
        let path = "/volcv?Action=CVProcess&Version=2022-08-31"
        let urls = try await sim.post(path, ["req_key": "high_aes_general_v21_L", "prompt": "千军万马", "width": 512, "height": 512])
        XCTAssertEqual(urls.status, 200, urls.text)
        XCTAssertEqual(try urls.object["code"] as? Int, 10000)
        let url = try XCTUnwrap((try urls.object[object: "data"]["image_urls"] as? [String])?.first)
        let awaited3 = try await sim.download(url)
        XCTAssertTrue(Signatures.isPNG(awaited3))
        let inline = try await sim.post(path, ["req_key": "high_aes_general_v21_L", "prompt": "马", "return_url": false])
        let b64 = try XCTUnwrap((try inline.object[object: "data"]["binary_data_base64"] as? [String])?.first)
        XCTAssertTrue(Signatures.isPNG(Array(try XCTUnwrap(Data(base64Encoded: b64)))))
        let noAction = try await sim.post("/volcv", ["req_key": "x", "prompt": "y"])
        XCTAssertEqual(noAction.status, 400)
    }

    func testImgOpenTaskQueryAndCallback() async throws {
        let hooks = try await HookReceiver.start()
        defer { Task { await hooks.stop() } }
        let keys = ["X-Request-req-accessKeyId": "sim-access", "X-Request-req-accessKeySecret": "sim-secret"]
        let denied = try await sim.post("/AIGCImgOpenServ/saas/sd/v2/text2image", ["prompt": "x"], headers: [:])
        XCTAssertEqual(denied.status, 401)
        XCTAssertEqual(try denied.object[string: "code"], "401")
        let submit = try await sim.post(
            "/AIGCImgOpenServ/saas/sd/v2/text2image",
            ["prompt": "1girl", "width": 768, "height": 768, "callbackUrl": hooks.url("sd"), "alwayson_scripts": ["id_task": "pro42"]],
            headers: keys)
        XCTAssertEqual(submit.status, 200, submit.text)
        XCTAssertEqual(try submit.object[object: "data"][string: "task_id"], "pro42")
        let bodies = try await hooks.wait(for: "sd") { $0.last?[object: "data"][string: "status"] == "SUCCESS" }
        let final = try XCTUnwrap(bodies.last?[object: "data"])
        XCTAssertEqual(final[string: "status"], "SUCCESS")
        let image = try XCTUnwrap((final["images"] as? [String])?.first)
        let awaited4 = try await sim.download(image)
        XCTAssertTrue(Signatures.isPNG(awaited4))
        let progress = try await sim.post("/AIGCImgOpenServ/saas/task/progress", ["task_id": "pro42"], headers: keys)
        XCTAssertEqual(try progress.object[object: "data"]["progress"] as? Int, 100)
    }

    func testMXGenerateQueryAndCallback() async throws {
        let hooks = try await HookReceiver.start()
        defer { Task { await hooks.stop() } }
        let submit = try await sim.post(
            "/api/v1/mx/images/generate", ["args": ["prompt": "a dragon", "ratio": 3, "model": "m1"], "type": "default", "callback_url": hooks.url("mx")])
        XCTAssertEqual(try submit.object["code"] as? Int, 0)
        let id = try XCTUnwrap(try submit.object[object: "data"][string: "img_uuid"])
        let bodies = try await hooks.wait(for: "mx") { $0.last?[object: "data"][string: "status"] == "success" }
        XCTAssertEqual(bodies.last?[object: "data"][string: "img_uuid"], id)
        let fetched = try await sim.get("/api/v1/mx/images/\(id)")
        let awaited5 = try await sim.download(try XCTUnwrap(try fetched.object[object: "data"][string: "img_url"]))
        XCTAssertTrue(Signatures.isPNG(awaited5))
    }
}
