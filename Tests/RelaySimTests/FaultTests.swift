import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import XCTest

/// Every `sim:` word, in the family shapes that differ.
final class FaultTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws {
        sim = try await SimHarness.start { $0.slowByteInterval = .milliseconds(200) }
    }
    override func tearDown() async throws { try await sim.stop() }

    private func chat(_ prompt: String) async throws -> SimHarness.Answer {
        try await sim.post("/v1/chat/completions", ["model": "gpt-4o-mini", "messages": [["role": "user", "content": prompt]]])
    }

    func testMissingOrBadTokenIs401OpenAIEnvelope() async throws {
        for headers in [[:], ["Authorization": "Bearer sk-wrong"]] {
            for path in ["/v1/models", "/mj/task/1/fetch", "/suno/fetch/x", "/kling/v1/videos/text2video/x"] {
                let answer = try await sim.request(.GET, path, headers: headers)
                XCTAssertEqual(answer.status, 401, path)
                let error = try answer.object[object: "error"]
                XCTAssertTrue(error[string: "message"]?.hasPrefix("Invalid token (request id: ") ?? false, answer.text)
                XCTAssertEqual(error[string: "type"], "new_api_error")
                XCTAssertNotNil(answer.headers.first(name: "X-Oneapi-Request-Id"))
            }
        }
        let secret = try await sim.request(.GET, "/mj/task/1/fetch", headers: ["mj-api-secret": SimHarness.token])
        XCTAssertEqual(secret.status, 400, "mj-api-secret authenticates (then the task is unknown)")
    }

    func testUnknownPathIsInvalidURL() async throws {
        let answer = try await sim.post("/v1/nothing", [:])
        XCTAssertEqual(answer.status, 404)
        XCTAssertTrue(try answer.object[object: "error"][string: "message"]?.hasPrefix("Invalid URL (POST /v1/nothing)") ?? false)
    }

    func test429CarriesRetryAfterInEachFamily() async throws {
        let openAI = try await chat("hi sim:429")
        XCTAssertEqual(openAI.status, 429)
        XCTAssertEqual(openAI.headers.first(name: "Retry-After"), "1")
        XCTAssertNotNil(try openAI.object["error"])
        let mj = try await sim.post("/mj/submit/imagine", ["prompt": "cat sim:429"])
        XCTAssertEqual(mj.status, 429)
        XCTAssertEqual(try mj.object["code"] as? Int, 30)
        let suno = try await sim.post("/suno/submit/music", ["prompt": "la sim:429"])
        XCTAssertEqual(suno.status, 429)
        XCTAssertEqual(try suno.object[string: "code"], "rate_limit_exceeded")
        let kling = try await sim.post("/kling/v1/videos/text2video", ["prompt": "sea sim:429"])
        XCTAssertEqual(kling.status, 429)
        XCTAssertEqual(try kling.object["code"] as? Int, 1302)
    }

    func test500Envelope() async throws {
        let answer = try await chat("sim:500")
        XCTAssertEqual(answer.status, 500)
        XCTAssertEqual(try answer.object[object: "error"][string: "type"], "upstream_error")
        let mj = try await sim.post("/mj/submit/imagine", ["prompt": "sim:500"])
        XCTAssertEqual(mj.status, 500)
        XCTAssertEqual(try mj.object[string: "type"], "upstream_error")
    }

    func testGarbageAndHTML() async throws {
        let garbage = try await chat("sim:garbage")
        XCTAssertEqual(garbage.status, 200)
        XCTAssertThrowsError(try garbage.json)
        let html = try await chat("sim:html")
        XCTAssertEqual(html.status, 502)
        XCTAssertEqual(html.headers.first(name: "Content-Type"), "text/html")
        XCTAssertTrue(html.text.contains("502 Bad Gateway"))
    }

    func testQuotaInFamilyShapes() async throws {
        let openAI = try await chat("sim:quota")
        XCTAssertEqual(openAI.status, 403)
        XCTAssertEqual(try openAI.object[object: "error"][string: "code"], "insufficient_user_quota")
        let mj = try await sim.post("/mj/submit/imagine", ["prompt": "sim:quota"])
        XCTAssertEqual(mj.status, 400)
        XCTAssertEqual(try mj.object[string: "description"], "quota_not_enough ")
        let video = try await sim.post("/v1/video/generations", ["model": "kling-v1", "prompt": "sim:quota"])
        XCTAssertEqual(video.status, 403)
        XCTAssertEqual(try video.object[string: "code"], "insufficient_user_quota")
    }

    func testRealQuotaExhaustion() async throws {
        try await sim.stop()
        sim = try await SimHarness.start { $0.balance = 0.003 }
        let first = try await chat("one")
        XCTAssertEqual(first.status, 200)
        let second = try await chat("two")
        XCTAssertEqual(second.status, 403)
        XCTAssertEqual(try second.object[object: "error"][string: "code"], "insufficient_user_quota")
    }

    func testRejectInFamilyShapes() async throws {
        let openAI = try await sim.post("/v1/images/generations", ["model": "dall-e-3", "prompt": "sim:reject"])
        XCTAssertEqual(openAI.status, 400)
        XCTAssertEqual(try openAI.object[object: "error"][string: "code"], "content_policy_violation")
        let mj = try await sim.post("/mj/submit/imagine", ["prompt": "nude sim:reject"])
        XCTAssertEqual(mj.status, 200)
        XCTAssertEqual(try mj.object["code"] as? Int, 24)
        XCTAssertEqual(try mj.object[object: "properties"][string: "bannedWord"], "sim:reject")
        let kling = try await sim.post("/kling/v1/images/generations", ["prompt": "sim:reject"])
        XCTAssertEqual(kling.status, 400)
        XCTAssertEqual(try kling.object["code"] as? Int, 1301)
    }

    func testLostTasksAreNotFound() async throws {
        let mj = try await sim.post("/mj/submit/imagine", ["prompt": "cat sim:lost"])
        let id = try XCTUnwrap(try mj.object[string: "result"])
        let fetch = try await sim.get("/mj/task/\(id)/fetch")
        XCTAssertEqual(fetch.status, 400)
        XCTAssertEqual(try fetch.object[string: "description"], "task_no_found ")
        let suno = try await sim.post("/suno/submit/music", ["prompt": "la sim:lost"])
        let sunoID = try XCTUnwrap(try suno.object[string: "data"])
        let sunoFetch = try await sim.get("/suno/fetch/\(sunoID)")
        XCTAssertEqual(sunoFetch.status, 400)
        XCTAssertEqual(try sunoFetch.object[string: "code"], "task_not_exist")
    }

    func testSlowBodyTripsAClientDeadline() async throws {
        var request = HTTPClientRequest(url: sim.base + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(SimHarness.token)")
        request.body = .bytes(ByteBuffer(string: #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"sim:slow"}]}"#))
        let response = try await sim.client.execute(request, timeout: .seconds(5))
        XCTAssertEqual(response.status, .ok, "the head arrives at once")
        let started = ContinuousClock.now
        // Read the body for at most 700 ms: only a few bytes may have arrived by then.
        let received = await withTaskGroup(of: Int?.self) { group in
            group.addTask {
                var count = 0
                do {
                    for try await chunk in response.body { count += chunk.readableBytes }
                } catch {
                    return count
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(700))
                return -1
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        XCTAssertEqual(received, -1, "the body must still be trickling after 700 ms")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
    }

    func testHugeBodyIs50MiB() async throws {
        let answer = try await sim.request(
            .POST, "/v1/chat/completions",
            body: Array(#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"sim:huge"}]}"#.utf8),
            timeout: .seconds(60), limit: 60 << 20)
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.body.count, 50 * 1024 * 1024)
        XCTAssertEqual(answer.body.prefix(12), ArraySlice("{\"padding\":\"".utf8))
    }

    func testHangNeverAnswersButShutdownStillWorks() async throws {
        do {
            let body = Array(#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"sim:hang"}]}"#.utf8)
            _ = try await sim.request(.POST, "/v1/chat/completions", body: body, timeout: .milliseconds(400))
            XCTFail("sim:hang must not answer")
        } catch let error as HTTPClientError {
            XCTAssertEqual(error, .deadlineExceeded)
        }
        let stopped = ContinuousClock.now
        try await sim.simulator.shutdown()
        XCTAssertLessThan(ContinuousClock.now - stopped, .seconds(3))
    }

    func testRandomRateLimitAndFailureRates() async throws {
        try await sim.stop()
        sim = try await SimHarness.start { $0.rateLimitRate = 1 }
        let awaited1 = try await chat("x").status
        XCTAssertEqual(awaited1, 429)
        try await sim.stop()
        sim = try await SimHarness.start { $0.failureRate = 1 }
        let submit = try await sim.post("/v1/video/generations", ["model": "sora-2", "prompt": "ok"])
        let id = try XCTUnwrap(try submit.object[string: "id"])
        let seen = try await sim.poll("/v1/video/generations/\(id)") {
            ["SUCCESS", "FAILURE"].contains($0[object: "data"][string: "status"] ?? "")
        }
        XCTAssertEqual(seen.last?[object: "data"][string: "status"], "FAILURE")
    }
}
