import Foundation
import XCTest

final class SunoTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start() }
    override func tearDown() async throws { try await sim.stop() }

    func testMusicYieldsTwoCompleteClipsWithRealAudio() async throws {
        let submit = try await sim.post("/suno/submit/music", ["gpt_description_prompt": "a happy weekend song", "mv": "chirp-v4"])
        XCTAssertEqual(submit.status, 200, submit.text)
        XCTAssertEqual(try submit.object[string: "code"], "success")
        let id = try XCTUnwrap(try submit.object[string: "data"])
        XCTAssertTrue(id.hasPrefix("task_"))
        let seen = try await sim.poll("/suno/fetch/\(id)") { $0[object: "data"][string: "status"] == "SUCCESS" }
        let statuses = seen.compactMap { $0[object: "data"][string: "status"] }
        XCTAssertEqual(statuses.first, "NOT_START")
        let final = try XCTUnwrap(seen.last?[object: "data"])
        XCTAssertEqual(final[string: "progress"], "100%")
        XCTAssertEqual(final[string: "action"], "MUSIC")
        let clips = final[array: "data"]
        XCTAssertEqual(clips.count, 2)
        for clip in clips {
            XCTAssertEqual(clip[string: "status"], "complete")
            XCTAssertNotNil(clip[string: "title"])
            XCTAssertEqual(clip[object: "metadata"]["duration"] as? Double, 2.0)
            let awaited1 = try await sim.download(try XCTUnwrap(clip[string: "audio_url"]))
            XCTAssertTrue(Signatures.isWAV(awaited1))
            let awaited2 = try await sim.download(try XCTUnwrap(clip[string: "image_url"]))
            XCTAssertTrue(Signatures.isPNG(awaited2))
        }
        let batch = try await sim.post("/suno/fetch", ["ids": [id, "task_missing"], "action": "MUSIC"])
        XCTAssertEqual(try batch.object[array: "data"].count, 1)
    }

    func testLyricsFinishAlmostAtOnce() async throws {
        let submit = try await sim.post("/suno/submit/lyrics", ["prompt": "a song about cats"])
        let id = try XCTUnwrap(try submit.object[string: "data"])
        let seen = try await sim.poll("/suno/fetch/\(id)", timeout: .seconds(2)) {
            $0[object: "data"][string: "status"] == "SUCCESS"
        }
        let lyrics = try XCTUnwrap(seen.last?[object: "data"][object: "data"])
        XCTAssertEqual(lyrics[string: "status"], "complete")
        XCTAssertTrue(lyrics[string: "text"]?.contains("[Verse]") ?? false)
        let empty = try await sim.post("/suno/submit/lyrics", [:])
        XCTAssertEqual(empty.status, 400)
        XCTAssertEqual(try empty.object[string: "code"], "prompt_empty")
    }

    func testFailureCarriesClipErrorMessage() async throws {
        let awaited3 = try await sim.post("/suno/submit/music", ["prompt": "sim:fail"]).object[string: "data"]
        let id = try XCTUnwrap(awaited3)
        let seen = try await sim.poll("/suno/fetch/\(id)") {
            ["SUCCESS", "FAILURE"].contains($0[object: "data"][string: "status"] ?? "")
        }
        let final = try XCTUnwrap(seen.last?[object: "data"])
        XCTAssertEqual(final[string: "status"], "FAILURE")
        XCTAssertEqual(final[string: "fail_reason"], final[array: "data"].first?[object: "metadata"][string: "error_message"])
    }

    func testStudioGenerateAndFeed() async throws {
        let generated = try await sim.post("/suno/generate", ["prompt": "[Verse] la la", "mv": "chirp-v4", "title": "La", "tags": "pop"])
        XCTAssertEqual(generated.status, 200, generated.text)
        let clips = try generated.object[array: "clips"]
        XCTAssertEqual(clips.map { $0[string: "status"] }, ["submitted", "submitted"])
        let ids = clips.compactMap { $0[string: "id"] }.joined(separator: ",")
        var feed: [[String: Any]] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            feed = try await sim.get("/suno/feed/\(ids)").json as? [[String: Any]] ?? []
            if feed.count == 2 && feed.allSatisfy({ $0[string: "status"] == "complete" }) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertEqual(feed.compactMap { $0[string: "status"] }, ["complete", "complete"])
        XCTAssertEqual(feed.first?[string: "title"], "La")
    }
}
