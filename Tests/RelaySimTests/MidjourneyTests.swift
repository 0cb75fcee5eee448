import Foundation
import XCTest

final class MidjourneyTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start() }
    override func tearDown() async throws { try await sim.stop() }

    private func submit(_ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        let answer = try await sim.post(path, body)
        XCTAssertEqual(answer.status, 200, answer.text)
        return try answer.object
    }

    private func finish(_ id: String) async throws -> [[String: Any]] {
        try await sim.poll("/mj/task/\(id)/fetch") { ["SUCCESS", "FAILURE"].contains($0[string: "status"] ?? "") }
    }

    func testImagineRunsToSuccessWithNineButtons() async throws {
        let submitted = try await submit("/mj/submit/imagine", ["prompt": "a pig --v 6.1", "state": "mine"])
        XCTAssertEqual(submitted["code"] as? Int, 1)
        let id = try XCTUnwrap(submitted[string: "result"])
        let seen = try await finish(id)
        let statuses = seen.compactMap { $0[string: "status"] }
        let order = ["", "SUBMITTED", "IN_PROGRESS", "SUCCESS"]
        let ranks = statuses.map { order.firstIndex(of: $0) ?? -1 }
        XCTAssertFalse(ranks.contains(-1), "unexpected status in \(statuses)")
        XCTAssertEqual(ranks, ranks.sorted(), "status went backwards: \(statuses)")
        let progress = seen.compactMap { Int(($0[string: "progress"] ?? "").dropLast()) }
        XCTAssertEqual(progress, progress.sorted())
        let final = try XCTUnwrap(seen.last)
        XCTAssertEqual(final[string: "progress"], "100%")
        XCTAssertEqual(final[string: "state"], "mine")
        XCTAssertEqual(final[array: "buttons"].count, 9)
        XCTAssertEqual(final[array: "buttons"].first?[string: "label"], "U1")
        XCTAssertNotNil(final["finishTime"] as? Int)
        let image = try XCTUnwrap(final[string: "imageUrl"])
        XCTAssertEqual(image, sim.base + "/mj/image/\(id)")
        let awaited1 = try await sim.download(image)
        XCTAssertTrue(Signatures.isPNG(awaited1), "the image proxy needs no auth")
    }

    func testUpscaleGivesUpscaledButtonsAndInpaintNeedsModal() async throws {
        let awaited2 = try await submit("/mj-fast/mj/submit/imagine", ["prompt": "a house"])[string: "result"]
        let id = try XCTUnwrap(awaited2)
        let awaited3 = try await finish(id).last
        let grid = try XCTUnwrap(awaited3)
        let u1 = try XCTUnwrap(grid[array: "buttons"].first { $0[string: "label"] == "U1" }?[string: "customId"])

        let upscale = try await submit("/mj/submit/action", ["taskId": id, "customId": u1])
        XCTAssertEqual(upscale["code"] as? Int, 1)
        let awaited4 = try await finish(try XCTUnwrap(upscale[string: "result"])).last
        let upscaled = try XCTUnwrap(awaited4)
        XCTAssertEqual(upscaled[string: "action"], "UPSCALE")
        let labels = upscaled[array: "buttons"].compactMap { $0[string: "label"] }
        XCTAssertTrue(labels.contains("Vary (Region)"))
        XCTAssertTrue(labels.contains("Upscale (Subtle)"))

        let region = try XCTUnwrap(upscaled[array: "buttons"].first { $0[string: "label"] == "Vary (Region)" }?[string: "customId"])
        let inpaint = try await submit("/mj/submit/action", ["taskId": upscaled[string: "id"] ?? "", "customId": region])
        XCTAssertEqual(inpaint["code"] as? Int, 21)
        XCTAssertEqual(inpaint[object: "properties"]["remix"] as? Bool, true)
        let modalID = try XCTUnwrap(inpaint[string: "result"])
        let waiting = try await sim.get("/mj/task/\(modalID)/fetch")
        XCTAssertEqual(try waiting.object[string: "status"], "MODAL")
        try await Task.sleep(for: .milliseconds(200))
        let awaited5 = try await sim.get("/mj/task/\(modalID)/fetch").object[string: "status"]
        XCTAssertEqual(awaited5, "MODAL", "MODAL waits")
        let confirmed = try await submit("/mj/submit/modal", ["taskId": modalID, "prompt": "a red door", "maskBase64": "data:image/png;base64,AAAA"])
        XCTAssertEqual(confirmed["code"] as? Int, 1)
        let awaited6 = try await finish(modalID).last
        let done = try XCTUnwrap(awaited6)
        XCTAssertEqual(done[string: "status"], "SUCCESS")
        XCTAssertEqual(done[string: "prompt"], "a red door")
    }

    func testActionOnUnfinishedOrMissingTask() async throws {
        let awaited7 = try await submit("/mj/submit/imagine", ["prompt": "slow"])[string: "result"]
        let id = try XCTUnwrap(awaited7)
        let early = try await submit("/mj/submit/action", ["taskId": id, "customId": "MJ::JOB::upsample::1::x"])
        XCTAssertEqual(early["code"] as? Int, 4)
        let missing = try await sim.post("/mj/submit/action", ["taskId": "404", "customId": "MJ::JOB::upsample::1::x"])
        XCTAssertEqual(try missing.object["code"] as? Int, 3)
        let unknown = try await sim.post("/mj/submit/action", ["taskId": id, "customId": "MJ::Nope"])
        XCTAssertEqual(unknown.status, 400)
    }

    func testBlendValidatesImageCount() async throws {
        let image = "data:image/png;base64,iVBORw0KGgo="
        let one = try await submit("/mj/submit/blend", ["base64Array": [image]])
        XCTAssertEqual(one["code"] as? Int, 4)
        let six = try await submit("/mj/submit/blend", ["base64Array": Array(repeating: image, count: 6)])
        XCTAssertEqual(six["code"] as? Int, 4)
        let two = try await submit("/mj/submit/blend", ["base64Array": [image, image], "dimensions": "PORTRAIT"])
        XCTAssertEqual(two["code"] as? Int, 1)
        let awaited8 = try await finish(try XCTUnwrap(two[string: "result"])).last
        let final = try XCTUnwrap(awaited8)
        XCTAssertEqual(final[string: "action"], "BLEND")
        XCTAssertEqual(final[array: "imageUrls"].count, 4)
    }

    func testDescribeShortenSwapFaceSeedListAndCancel() async throws {
        let describe = try await submit("/mj/submit/describe", ["base64": "data:image/png;base64,iVBORw0KGgo="])
        let describeID = try XCTUnwrap(describe[string: "result"])
        let awaited9 = try await finish(describeID).last
        let described = try XCTUnwrap(awaited9)
        let prompts = described[object: "properties"][string: "finalPrompt"] ?? ""
        XCTAssertEqual(prompts.components(separatedBy: "\n\n").count, 4, prompts)
        XCTAssertEqual(described[array: "buttons"].count, 5)

        let reader = try await submit("/mj/submit/action", ["taskId": describeID, "customId": "MJ::Job::PicReader::2"])
        let awaited10 = try await finish(try XCTUnwrap(reader[string: "result"])).last
        let imagined = try XCTUnwrap(awaited10)
        XCTAssertEqual(imagined[string: "action"], "IMAGINE")
        XCTAssertTrue(prompts.contains(imagined[string: "prompt"] ?? "?"))

        let shorten = try await submit("/mj/submit/shorten", ["prompt": "a very long prompt about many many things"])
        let awaited11 = try await finish(try XCTUnwrap(shorten[string: "result"])).last
        let shortened = try XCTUnwrap(awaited11)
        XCTAssertEqual(shortened[array: "buttons"].count, 5)

        let swap = try await sim.post("/mj/insight-face/swap", ["sourceBase64": "data:image/png;base64,AA"])
        XCTAssertEqual(swap.status, 400)
        let swapped = try await submit("/mj/insight-face/swap", ["sourceBase64": "data:image/png;base64,AA", "targetBase64": "data:image/png;base64,AA"])
        XCTAssertEqual(swapped["code"] as? Int, 1)

        let seed = try await sim.get("/mj/task/\(describeID)/image-seed")
        XCTAssertEqual(try seed.object["code"] as? Int, 1)
        XCTAssertNotNil(try seed.object[string: "result"])

        let list = try await sim.post("/mj/task/list-by-condition", ["ids": [describeID, "nope"]])
        XCTAssertEqual((try list.json as? [Any])?.count, 1)

        let awaited12 = try await submit("/mj/submit/imagine", ["prompt": "stop me"])[string: "result"]
        let pending = try XCTUnwrap(awaited12)
        let cancel = try await submit("/mj/task/\(pending)/cancel", [:])
        XCTAssertEqual(cancel["code"] as? Int, 1)
        let awaited13 = try await sim.get("/mj/task/\(pending)/fetch").object[string: "status"]
        XCTAssertEqual(awaited13, "CANCEL")
    }

    func testBusyAndFailure() async throws {
        let busy = try await submit("/mj/submit/imagine", ["prompt": "sim:busy"])
        XCTAssertEqual(busy["code"] as? Int, 23)
        let awaited14 = try await submit("/mj/submit/imagine", ["prompt": "sim:fail"])[string: "result"]
        let failing = try XCTUnwrap(awaited14)
        let awaited15 = try await finish(failing).last
        let final = try XCTUnwrap(awaited15)
        XCTAssertEqual(final[string: "status"], "FAILURE")
        XCTAssertFalse((final[string: "failReason"] ?? "").isEmpty)
    }

    func testNotifyHookCallbacksNeverGoBackwards() async throws {
        let hooks = try await HookReceiver.start()
        defer { Task { await hooks.stop() } }
        let awaited16 = try await submit("/mj/submit/imagine", ["prompt": "hooked", "notifyHook": hooks.url("mj")])[string: "result"]
        let id = try XCTUnwrap(awaited16)
        let bodies = try await hooks.wait(for: "mj") { $0.last?[string: "status"] == "SUCCESS" }
        XCTAssertEqual(bodies.last?[string: "status"], "SUCCESS", "callbacks: \(bodies.map { $0[string: "status"] ?? "?" })")
        XCTAssertTrue(bodies.allSatisfy { $0[string: "id"] == id })
        XCTAssertGreaterThanOrEqual(bodies.count, 2)
        let order = ["", "SUBMITTED", "IN_PROGRESS", "SUCCESS"]
        let ranks = bodies.map { order.firstIndex(of: $0[string: "status"] ?? "?") ?? -1 }
        XCTAssertEqual(ranks, ranks.sorted())
    }

    func testRawModeKeepsCode22AndNotStart() async throws {
        try await sim.stop()
        sim = try await SimHarness.start { $0.midjourneyMode = .raw }
        let first = try await submit("/mj/submit/imagine", ["prompt": "one"])
        XCTAssertEqual(first["code"] as? Int, 1)
        let fetched = try await sim.get("/mj/task/\(first[string: "result"] ?? "")/fetch")
        XCTAssertEqual(try fetched.object[string: "status"], "NOT_START")
        let second = try await submit("/mj/submit/imagine", ["prompt": "two"])
        XCTAssertEqual(second["code"] as? Int, 22)
        XCTAssertEqual(second[object: "properties"]["numberOfQueues"] as? Int, 1)
        let awaited17 = try await finish(try XCTUnwrap(first[string: "result"])).last
        let final = try XCTUnwrap(awaited17)
        let awaited18 = try await sim.download(try XCTUnwrap(final[string: "imageUrl"]))
        XCTAssertTrue(Signatures.isPNG(awaited18))
    }
}
