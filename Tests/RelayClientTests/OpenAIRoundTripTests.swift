import Foundation
import RelayClient
import RelaySim
import XCTest

/// The OpenAI-compatible family against relay-sim over loopback HTTP.
final class OpenAIRoundTripTests: XCTestCase {
    func testChatPlainAndStreamedAgree() async throws {
        try await withSim { sim in
            let request = ChatRequest(model: "gpt-4o-mini", messages: [.user("Say hello to the round trip test")])
            let plain = try await sim.client.chat(request)
            XCTAssertFalse(plain.content.isEmpty)
            XCTAssertNotNil(plain.usage)

            var pieces: [String] = []
            var finish: String?
            var usage: ChatUsage?
            for try await chunk in try await sim.client.streamChat(request) {
                if !chunk.content.isEmpty { pieces.append(chunk.content) }
                finish = chunk.finishReason ?? finish
                usage = chunk.usage ?? usage
            }
            XCTAssertGreaterThan(pieces.count, 1, "the answer arrives in several chunks")
            XCTAssertEqual(pieces.joined(), plain.content, "tokens arrive in order")
            XCTAssertEqual(finish, "stop")
            XCTAssertNotNil(usage)
        }
    }

    func testStreamDroppedMidwayIsAnError() async throws {
        try await withSim { sim in
            let stream = try await sim.client.streamChat(ChatRequest(model: "gpt-4o-mini", messages: [.user("sim:drop please")]))
            var received = 0
            let error = await relayError {
                for try await _ in stream { received += 1 }
            }
            XCTAssertNotNil(error)
            XCTAssertTrue(error?.requestMayHaveReachedProvider ?? false)
            XCTAssertGreaterThan(received, 0)
        }
    }

    func testAChatImageModelAnsweringTextOnlyIsAPlainFailureNotALostAnswer() async throws {
        try await withSim { sim in
            let error = await relayError {
                try await sim.client.submit(.image(ImageRequest(model: "flux", prompt: "a lighthouse sim:noimage")))
            }
            XCTAssertEqual(error?.category, .upstreamFailure)
            XCTAssertFalse(error?.requestMayHaveReachedProvider ?? true, "the whole answer came: nothing was lost")
            XCTAssertTrue(error?.message.hasPrefix("the provider answered without an image: Simulated reply: a lighthouse") ?? false,
                          error?.message ?? "")
        }
    }

    func testStreamErrorsBeforeAndDuringTheStream() async throws {
        try await withSim { sim in
            let limited = await relayError {
                try await sim.client.streamChat(ChatRequest(model: "gpt-4o-mini", messages: [.user("sim:429")]))
            }
            XCTAssertEqual(limited?.category, .rateLimited)
            XCTAssertEqual(limited?.retryAfter, 1)
            let stream = try await sim.client.streamChat(ChatRequest(model: "gpt-4o-mini", messages: [.user("sim:fail")]))
            let failed = await relayError { for try await _ in stream {} }
            XCTAssertEqual(failed?.category, .upstreamFailure)
        }
    }

    func testModelsImagesSpeechTranscriptionEmbeddings() async throws {
        try await withSim { sim in
            let models = try await sim.client.models()
            XCTAssertTrue(models.contains { $0.id == "gpt-4o-mini" })

            let url = try await sim.client.submit(.image(ImageRequest(model: "dall-e-3", prompt: "a red fox", responseFormat: "url")))
            XCTAssertEqual(url.status, .succeeded)
            XCTAssertTrue(url.outputs.first?.url?.hasPrefix(sim.simulator.baseURL) ?? false)

            let b64 = try await sim.client.submit(.image(ImageRequest(model: "gpt-image-1", prompt: "a blue fox", n: 2)))
            XCTAssertEqual(b64.outputs.count, 2)
            XCTAssertEqual(b64.outputs.first?.mimeType, "image/png")
            XCTAssertGreaterThan(b64.outputs.first?.data?.count ?? 0, 8)

            let chatImage = try await sim.client.submit(.image(ImageRequest(model: "stable-diffusion", prompt: "a stone-age city")))
            XCTAssertEqual(chatImage.operation, "chat.image")
            XCTAssertEqual(chatImage.outputs.count, 1)
            XCTAssertNotNil(chatImage.outputs.first?.url)

            let edit = try await sim.client.submit(.image(ImageRequest(
                model: "gpt-image-1", prompt: "add a hat",
                images: [UploadFile(filename: "in.png", data: Data(base64Encoded: String(pixelDataURI.split(separator: ",")[1]))!,
                                    mimeType: "image/png")])))
            XCTAssertEqual(edit.operation, "images.edits")
            XCTAssertFalse(edit.outputs.isEmpty)

            let speech = try await sim.client.submit(.speech(SpeechRequest(model: "tts-1", input: "hello", voice: "alloy")))
            XCTAssertEqual(speech.kind, .audio)
            XCTAssertGreaterThan(speech.outputs.first?.byteCount ?? 0, 100)
            XCTAssertTrue(speech.outputs.first?.mimeType?.hasPrefix("audio/") ?? false)

            let transcript = try await sim.client.transcribe(TranscriptionRequest(
                model: "whisper-1", file: UploadFile(filename: "a.mp3", data: speech.outputs[0].data!, mimeType: "audio/mpeg")))
            XCTAssertFalse(transcript.text.isEmpty)

            let vectors = try await sim.client.embeddings(model: "text-embedding-3-small", input: ["a", "b"])
            XCTAssertEqual(vectors.count, 2)
            XCTAssertFalse(vectors[0].isEmpty)
        }
    }

    func testErrorShapesMapToCategories() async throws {
        try await withSim { sim in
            func chatError(_ prompt: String) async -> RelayError? {
                await relayError { try await sim.client.chat(ChatRequest(model: "gpt-4o-mini", messages: [.user(prompt)])) }
            }
            let quota = await chatError("sim:quota")
            XCTAssertEqual(quota?.category, .insufficientBalance)
            XCTAssertEqual(quota?.httpStatus, 403)
            XCTAssertNotNil(quota?.requestID)
            XCTAssertFalse(quota?.message.contains("request id") ?? true)
            let limited = await chatError("sim:429")
            XCTAssertEqual(limited?.category, .rateLimited)
            XCTAssertEqual(limited?.retryAfter, 1)
            XCTAssertTrue(limited?.isRetryable ?? false)
            let server = await chatError("sim:500")
            XCTAssertEqual(server?.category, .upstreamFailure)
            XCTAssertTrue(server?.isRetryable ?? false)
            let reject = await relayError { try await sim.client.submit(.image(ImageRequest(model: "dall-e-3", prompt: "sim:reject"))) }
            XCTAssertEqual(reject?.category, .contentRejected)
            XCTAssertFalse(reject?.isRetryable ?? true)
            let missingModel = await relayError { try await sim.client.chat(ChatRequest(model: "no-such-model", messages: [.user("hi")])) }
            XCTAssertEqual(missingModel?.category, .notFound)

            let badKey = "sk-wrong-key-1234567890"
            let unauthorized = await relayError {
                try await sim.client(credentials: Credentials(apiKey: badKey)).chat(ChatRequest(model: "gpt-4o-mini", messages: [.user("hi")]))
            }
            XCTAssertEqual(unauthorized?.category, .unauthorized)
            XCTAssertFalse(unauthorized?.description.contains(badKey) ?? true, "no secret in the description")
        }
    }

    func testBrokenAnswersGiveClearErrors() async throws {
        try await withSim { sim in
            func chatError(_ prompt: String, client: RelayClient? = nil) async -> RelayError? {
                await relayError { try await (client ?? sim.client).chat(ChatRequest(model: "gpt-4o-mini", messages: [.user(prompt)])) }
            }
            let garbage = await chatError("sim:garbage")
            XCTAssertEqual(garbage?.category, .invalidResponse)
            XCTAssertTrue(garbage?.requestMayHaveReachedProvider ?? false, "a POST answered with garbage may have landed")
            XCTAssertTrue(garbage?.message.contains("not JSON") ?? false)
            let html = await chatError("sim:html")
            XCTAssertEqual(html?.category, .upstreamFailure)
            XCTAssertEqual(html?.httpStatus, 502)
            XCTAssertTrue(html?.message.contains("HTML") ?? false)

            let small = AsyncHTTPClientTransport(configuration: TransportConfiguration(
                connectTimeout: 2, readTimeout: 5, requestTimeout: 2, maxResponseBytes: 1024 * 1024))
            let limited = sim.client(transport: small)
            let huge = await chatError("sim:huge", client: limited)
            XCTAssertEqual(huge?.category, .invalidResponse)
            XCTAssertTrue(huge?.message.contains("too large") ?? false)
            let slow = await chatError("sim:slow", client: limited)
            XCTAssertEqual(slow?.category, .outcomeUnknown, "a POST whose answer never completes may have landed")
            XCTAssertTrue(slow?.requestMayHaveReachedProvider ?? false)
            XCTAssertFalse(slow?.isRetryable ?? true)
            let hang = await chatError("sim:hang", client: limited)
            XCTAssertEqual(hang?.category, .outcomeUnknown)
            try await small.shutdown()
        }
    }

    func testConnectionRefusedIsANetworkErrorBeforeSending() async throws {
        let transport = AsyncHTTPClientTransport(configuration: TransportConfiguration(connectTimeout: 1, requestTimeout: 3))
        let client = RelayClient(provider: Presets.demo.with(baseURL: "http://127.0.0.1:1"),
                                 credentials: Credentials(apiKey: "sk-x"), transport: transport)
        let error = await relayError { try await client.chat(ChatRequest(model: "m", messages: [.user("hi")])) }
        XCTAssertTrue([.network, .timeout].contains(error?.category), "\(String(describing: error))")
        XCTAssertFalse(error?.requestMayHaveReachedProvider ?? true)
        XCTAssertTrue(error?.isRetryable ?? false)
        try await transport.shutdown()
    }

    func testBalances() async throws {
        try await withSim { sim in
            let token = try await sim.client.balance(sources: [.newAPITokenUsage])
            XCTAssertEqual(token.unit, .usd)
            XCTAssertEqual(token.amount, 100, accuracy: 0.5)
            let billing = try await sim.client.balance(sources: [.openAIBilling])
            XCTAssertEqual(billing.amount, token.amount, accuracy: 0.01)
            let user = try await sim.client.balance(sources: [.newAPIUserSelf])
            XCTAssertEqual(user.amount, token.amount, accuracy: 0.01)
            _ = try await sim.client.chat(ChatRequest(model: "gpt-4o-mini", messages: [.user("spend a little")]))
            let after = try await sim.client.balance()
            XCTAssertLessThan(after.amount, token.amount)
        }
    }
}
