import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import XCTest

final class OpenAIRouteTests: XCTestCase {
    var sim: SimHarness!

    override func setUp() async throws { sim = try await SimHarness.start() }
    override func tearDown() async throws { try await sim.stop() }

    func testModelsListEveryFamily() async throws {
        for path in ["/v1/models", "/models"] {
            let answer = try await sim.get(path)
            XCTAssertEqual(answer.status, 200)
            let ids = try answer.object[array: "data"].compactMap { $0[string: "id"] }
            for id in ["gpt-4o-mini", "dall-e-3", "mj_imagine", "suno_music", "kling-v1", "veo-3.0-generate-001", "tts-1", "whisper-1"] {
                XCTAssertTrue(ids.contains(id), "\(path) lacks \(id)")
            }
            XCTAssertEqual(try answer.object["object"] as? String, "list")
        }
    }

    func testChatCompletionEchoesPrompt() async throws {
        let answer = try await sim.post(
            "/v1/chat/completions", ["model": "gpt-4o-mini", "messages": [["role": "user", "content": "hello little world"]]])
        XCTAssertEqual(answer.status, 200, answer.text)
        let object = try answer.object
        XCTAssertEqual(object[string: "object"], "chat.completion")
        let message = object[array: "choices"].first?[object: "message"]
        XCTAssertEqual(message?[string: "content"], "Simulated reply: hello little world")
        XCTAssertEqual(object[object: "usage"]["total_tokens"] as? Int, 3 + 5)
    }

    func testChatStreamOrderEndsWithDone() async throws {
        let answer = try await sim.post(
            "/chat/completions",
            ["model": "gpt-4o-mini", "stream": true, "stream_options": ["include_usage": true],
             "messages": [["role": "user", "content": "one two three"]]])
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.headers.first(name: "Content-Type"), "text/event-stream")
        let events = answer.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        XCTAssertTrue(events.contains(": PING"))
        let data = events.filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        XCTAssertEqual(data.last, "[DONE]")
        let chunks = try data.dropLast().map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let firstDelta = chunks.first?[array: "choices"].first?[object: "delta"]
        XCTAssertEqual(firstDelta?[string: "role"], "assistant")
        let text = chunks.compactMap { $0[array: "choices"].first?[object: "delta"][string: "content"] }.joined()
        XCTAssertEqual(text, "Simulated reply: one two three")
        let finishIndex = try XCTUnwrap(chunks.firstIndex { $0[array: "choices"].first?["finish_reason"] as? String == "stop" })
        XCTAssertEqual(finishIndex, chunks.count - 2, "the finish chunk precedes the usage chunk")
        XCTAssertEqual(chunks.last?[array: "choices"].count, 0)
        XCTAssertNotNil(chunks.last?[object: "usage"]["total_tokens"])
    }

    func testChatStreamDropCutsTheConnection() async throws {
        do {
            let answer = try await sim.post(
                "/v1/chat/completions",
                ["model": "gpt-4o-mini", "stream": true, "messages": [["role": "user", "content": "a b c d e sim:drop"]]])
            XCTAssertFalse(answer.text.contains("[DONE]"), "a dropped stream must not finish")
        } catch {
            // The client saw the connection close mid-body: expected.
        }
    }

    func testChatStreamFailureEndsWithErrorEvent() async throws {
        let answer = try await sim.post(
            "/v1/chat/completions",
            ["model": "gpt-4o-mini", "stream": true, "messages": [["role": "user", "content": "a b c sim:fail"]]])
        XCTAssertEqual(answer.status, 200)
        XCTAssertFalse(answer.text.contains("[DONE]"))
        XCTAssertTrue(answer.text.contains("data: {\"error\":"), answer.text)
    }

    func testChatImageModelAnswersMarkdownImage() async throws {
        let answer = try await sim.post(
            "/v1/chat/completions", ["model": "stable-diffusion", "messages": [["role": "user", "content": "a castle"]]])
        let content = try XCTUnwrap(try answer.object[array: "choices"].first?[object: "message"][string: "content"])
        XCTAssertTrue(content.hasPrefix("![image]("), content)
        let url = String(content.dropFirst(9).dropLast())
        let awaited1 = try await sim.download(url)
        XCTAssertTrue(Signatures.isPNG(awaited1))
    }

    func testUnknownModelIs503ModelNotFound() async throws {
        let answer = try await sim.post("/v1/chat/completions", ["model": "gpt-9", "messages": [["role": "user", "content": "x"]]])
        XCTAssertEqual(answer.status, 503)
        let error = try answer.object[object: "error"]
        XCTAssertEqual(error[string: "code"], "model_not_found")
        XCTAssertTrue(error[string: "message"]?.contains("gpt-9") ?? false)
    }

    func testImagesURLAndBase64() async throws {
        let urlAnswer = try await sim.post("/v1/images/generations", ["model": "dall-e-3", "prompt": "a red fox", "size": "1792x1024"])
        XCTAssertEqual(urlAnswer.status, 200, urlAnswer.text)
        let url = try XCTUnwrap(try urlAnswer.object[array: "data"].first?[string: "url"])
        let png = try await sim.download(url)
        XCTAssertTrue(Signatures.isPNG(png))

        let other = try await sim.post("/v1/images/generations", ["model": "dall-e-3", "prompt": "a blue whale"])
        let otherPNG = try await sim.download(try XCTUnwrap(try other.object[array: "data"].first?[string: "url"]))
        XCTAssertNotEqual(png, otherPNG, "different prompts draw different pictures")

        let b64 = try await sim.post(
            "/v1/images/generations", ["model": "gpt-image-1", "prompt": "a fox", "n": 2, "response_format": "url"])
        let items = try b64.object[array: "data"]
        XCTAssertEqual(items.count, 2)
        XCTAssertNil(items[0]["url"], "gpt-image-* answers base64 only")
        let decoded = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(items[0][string: "b64_json"])))
        XCTAssertTrue(Signatures.isPNG(Array(decoded)))
    }

    func testGPTImageURLQuirk() async throws {
        try await sim.stop()
        sim = try await SimHarness.start { $0.gptImageReturnsURL = true }
        let answer = try await sim.post("/v1/images/generations", ["model": "gpt-image-1", "prompt": "a fox", "response_format": "url"])
        let url = try XCTUnwrap(try answer.object[array: "data"].first?[string: "url"])
        let png = try await sim.download(url)
        XCTAssertTrue(Signatures.isPNG(png))
    }

    func testImageEditsMultipart() async throws {
        let boundary = "sim-boundary"
        var body = ""
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ndall-e-2\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nadd a hat\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"in.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n"
        body += "--\(boundary)--\r\n"
        let answer = try await sim.request(
            .POST, "/v1/images/edits", body: Array(body.utf8), contentType: "multipart/form-data; boundary=\(boundary)")
        XCTAssertEqual(answer.status, 200, answer.text)
        let url = try XCTUnwrap(try answer.object[array: "data"].first?[string: "url"])
        let awaited2 = try await sim.download(url)
        XCTAssertTrue(Signatures.isPNG(awaited2))
    }

    func testSpeechTranscriptionEmbeddings() async throws {
        let speech = try await sim.post("/v1/audio/speech", ["model": "tts-1", "input": "hello there", "voice": "alloy"])
        XCTAssertEqual(speech.status, 200)
        XCTAssertTrue(Signatures.isWAV(speech.body))

        let boundary = "b0undary"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n".utf8)
        body += speech.body + Array("\r\n--\(boundary)--\r\n".utf8)
        let transcript = try await sim.request(
            .POST, "/v1/audio/transcriptions", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        XCTAssertEqual(transcript.status, 200, transcript.text)
        XCTAssertTrue(try transcript.object[string: "text"]?.contains("a.wav (\(speech.body.count) bytes)") ?? false)

        let embeddings = try await sim.post("/v1/embeddings", ["model": "text-embedding-3-small", "input": ["a", "b"], "dimensions": 8])
        let data = try embeddings.object[array: "data"]
        XCTAssertEqual(data.count, 2)
        XCTAssertEqual((data[0]["embedding"] as? [Double])?.count, 8)
    }
}
