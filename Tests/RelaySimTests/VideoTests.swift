import Foundation
import NIOHTTP1
import XCTest

final class VideoTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start { $0.stepsToFinish = 4 } }
    override func tearDown() async throws { try await sim.stop() }

    func testUnifiedGenerationsWalkTheStages() async throws {
        let submit = try await sim.post("/v1/video/generations", ["model": "kling-v1-6", "prompt": "a fox running"])
        XCTAssertEqual(submit.status, 200, submit.text)
        let object = try submit.object
        XCTAssertEqual(object[string: "object"], "video")
        XCTAssertEqual(object[string: "status"], "queued")
        let id = try XCTUnwrap(object[string: "task_id"])
        let seen = try await sim.poll("/v1/video/generations/\(id)") { $0[object: "data"][string: "status"] == "SUCCESS" }
        let stages = seen.compactMap { $0[object: "data"][string: "status"] }
        let order = ["NOT_START", "SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]
        var distinct: [String] = []
        for stage in stages where distinct.last != stage { distinct.append(stage) }
        XCTAssertEqual(distinct, order, "with 4 steps every stage shows once, in order")
        let final = try XCTUnwrap(seen.last?[object: "data"])
        XCTAssertEqual(final[string: "progress"], "100%")
        let awaited1 = try await sim.download(try XCTUnwrap(final[string: "result_url"]))
        XCTAssertTrue(Signatures.isMP4(awaited1))
        let missing = try await sim.get("/v1/video/generations/task_nope")
        XCTAssertEqual(missing.status, 400)
        XCTAssertEqual(try missing.object[string: "code"], "task_not_exist")
        let blank = try await sim.post("/v1/video/generations", ["model": "sora-2"])
        XCTAssertEqual(blank.status, 400)
        let unknown = try await sim.post("/v1/video/generations", ["model": "nope", "prompt": "x"])
        XCTAssertEqual(unknown.status, 503)
    }

    /// A duration past any integer (1e300) used to stop relay-sim converting it.
    func testADurationPastAnyIntegerIsAnsweredNotATrap() async throws {
        for duration in [1e300, -1e300, 9.3e18] {
            let submit = try await sim.post("/v1/video/generations", ["model": "kling-v1-6", "prompt": "x", "duration": duration])
            XCTAssertTrue([200, 400].contains(submit.status), "\(duration): \(submit.status)")
        }
        let after = try await sim.post("/v1/video/generations", ["model": "kling-v1-6", "prompt": "x", "duration": 5])
        XCTAssertEqual(after.status, 200, "the simulator is still up")
    }

    func testVeoFlatShapeAndSoraContent() async throws {
        let veo = try await sim.post("/v1/video/generations", ["model": "veo-3.0-generate-001", "prompt": "clouds"])
        let veoID = try XCTUnwrap(try veo.object[string: "task_id"])
        let flat = try await sim.poll("/v1/video/generations/\(veoID)") { $0[object: "data"][string: "status"] == "succeeded" }
        let url = try XCTUnwrap(flat.last?[object: "data"][string: "url"])
        XCTAssertTrue(url.hasSuffix("/v1/videos/\(veoID)/content"))
        let awaited2 = try await sim.request(.GET, url).body
        XCTAssertTrue(Signatures.isMP4(awaited2))

        let sora = try await sim.post("/v1/videos", ["model": "sora-2", "prompt": "a cat", "seconds": "8"])
        let soraID = try XCTUnwrap(try sora.object[string: "id"])
        let early = try await sim.get("/v1/videos/\(soraID)/content")
        XCTAssertEqual(early.status, 400, "content is not there before completion")
        let objects = try await sim.poll("/v1/videos/\(soraID)") { $0[string: "status"] == "completed" }
        let progress = objects.compactMap { $0["progress"] as? Int }
        XCTAssertEqual(progress, progress.sorted())
        XCTAssertEqual(objects.last?["progress"] as? Int, 100)
        let awaited3 = try await sim.get("/v1/videos/\(soraID)/content").body
        XCTAssertTrue(Signatures.isMP4(awaited3))
    }

    func testYunwuCreateAndQuery() async throws {
        let create = try await sim.post("/v1/video/create", ["model": "veo3.1-fast", "prompt": "a boat", "aspect_ratio": "16:9"])
        let id = try XCTUnwrap(try create.object[string: "id"])
        XCTAssertTrue(id.hasPrefix("veo3.1-fast:"))
        XCTAssertEqual(try create.object[string: "status"], "pending")
        let encoded = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
        let seen = try await sim.poll("/v1/video/query?id=\(encoded)") { $0[string: "status"] == "success" }
        XCTAssertTrue(seen.contains { $0[string: "status"] == "processing" })
        let awaited4 = try await sim.download(try XCTUnwrap(seen.last?[string: "video_url"]))
        XCTAssertTrue(Signatures.isMP4(awaited4))
    }
}
