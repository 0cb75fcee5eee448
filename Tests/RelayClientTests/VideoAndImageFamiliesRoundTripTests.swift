import Foundation
import RelayClient
import RelaySim
import XCTest

/// Kling, unified video, Luma, Runway, Jimeng, Img Open SD and MX drawing against relay-sim.
final class VideoFamiliesRoundTripTests: XCTestCase {
    func testKlingBothRelayModes() async throws {
        for mode in SimulatorConfiguration.KlingMode.allCases {
            try await withSim(SimHarness.fast(klingMode: mode)) { sim in
                let video = try await sim.client.submit(.kling(KlingRequest(endpoint: .textToVideo, model: "kling-v1-6",
                                                                              prompt: "a cat surfing", duration: "5", mode: "std")))
                XCTAssertEqual(video.route["endpoint"], "videos/text2video")
                let doneVideo = try await sim.finish(video)
                XCTAssertEqual(doneVideo.status, .succeeded, "\(mode)")
                XCTAssertEqual(doneVideo.outputs.first?.kind, .video)
                XCTAssertNotNil(doneVideo.outputs.first?.url)

                let i2v = try await sim.finish(try await sim.client.submit(.kling(KlingRequest(
                    endpoint: .imageToVideo, prompt: "make it move", image: "https://example.com/a.png"))))
                XCTAssertEqual(i2v.status, .succeeded, "\(mode)")

                if mode == .native {
                    let image = try await sim.finish(try await sim.client.submit(.kling(KlingRequest(
                        endpoint: .imageGeneration, prompt: "a cat", aspectRatio: "1:1", n: 2))))
                    XCTAssertEqual(image.status, .succeeded)
                    XCTAssertEqual(image.outputs.count, 2)
                    XCTAssertEqual(image.outputs.first?.kind, .image)
                }
                let failed = try await sim.finish(try await sim.client.submit(.kling(KlingRequest(endpoint: .textToVideo, prompt: "sim:fail"))))
                XCTAssertEqual(failed.status, .failed)
                XCTAssertNotNil(failed.failure)
            }
        }
    }

    func testKlingErrors() async throws {
        try await withSim { sim in
            func submitError(_ prompt: String) async -> RelayError? {
                await relayError { try await sim.client.submit(.kling(KlingRequest(endpoint: .textToVideo, prompt: prompt))) }
            }
            let quota = await submitError("sim:quota")
            XCTAssertEqual(quota?.category, .insufficientBalance)
            XCTAssertEqual(quota?.providerCode, "1102")
            let reject = await submitError("sim:reject")
            XCTAssertEqual(reject?.category, .contentRejected)
            let limited = await submitError("sim:429")
            XCTAssertEqual(limited?.category, .rateLimited)
            XCTAssertEqual(limited?.retryAfter, 1)
            let server = await submitError("sim:500")
            XCTAssertEqual(server?.category, .upstreamFailure)
            let lost = try await sim.client.submit(.kling(KlingRequest(endpoint: .textToVideo, prompt: "sim:lost")))
            let notFound = await relayError { try await sim.client.fetch(lost) }
            XCTAssertEqual(notFound?.category, .notFound)
        }
    }

    func testUnifiedVideoRoutes() async throws {
        try await withSim { sim in
            for route in VideoRequest.Route.allCases {
                let model = route == .create ? "veo3.1-fast" : (route == .openAIVideos ? "sora-2" : "veo-3.0-generate-001")
                let task = try await sim.client.submit(.video(VideoRequest(route: route, model: model, prompt: "waves at dusk",
                                                                           size: "1280x720", duration: 8)))
                XCTAssertEqual(task.route["route"], route.rawValue)
                let done = try await sim.finish(task)
                XCTAssertEqual(done.status, .succeeded, "\(route)")
                XCTAssertEqual(done.outputs.first?.kind, .video)
                XCTAssertNotNil(done.outputs.first?.url, "\(route)")
                XCTAssertEqual(done.providerTaskID, task.providerTaskID, "the id the submit gave stays")
            }
            let failed = try await sim.finish(try await sim.client.submit(.video(VideoRequest(model: "kling-v1-6", prompt: "sim:fail"))))
            XCTAssertEqual(failed.status, .failed)
            let quota = await relayError { try await sim.client.submit(.video(VideoRequest(model: "sora-2", prompt: "sim:quota"))) }
            XCTAssertEqual(quota?.category, .insufficientBalance)
            let empty = await relayError { try await sim.client.submit(.video(VideoRequest(model: "sora-2", prompt: ""))) }
            XCTAssertEqual(empty?.category, .invalidRequest)
        }
    }

    func testLumaGenerateAndExtend() async throws {
        try await withSim { sim in
            let first = try await sim.finish(try await sim.client.submit(.luma(LumaRequest(prompt: "a lighthouse", aspectRatio: "16:9"))))
            XCTAssertEqual(first.status, .succeeded)
            XCTAssertNotNil(first.outputs.first?.url)
            let extended = try await sim.finish(try await sim.client.submit(.luma(LumaRequest(
                .extend(generationID: first.providerTaskID!), prompt: "the light turns on"))))
            XCTAssertEqual(extended.status, .succeeded)
            XCTAssertEqual(extended.operation, "extend")
            let failed = try await sim.finish(try await sim.client.submit(.luma(LumaRequest(prompt: "sim:fail"))))
            XCTAssertEqual(failed.status, .failed)
        }
    }

    func testRunwayImageToVideo() async throws {
        try await withSim { sim in
            let done = try await sim.finish(try await sim.client.submit(.runway(RunwayRequest(
                model: "gen4_turbo", promptText: "zoom in", promptImage: "https://example.com/first.png", ratio: "1280:720", duration: 5))))
            XCTAssertEqual(done.status, .succeeded)
            XCTAssertEqual(done.outputs.first?.kind, .video)
            let failed = try await sim.finish(try await sim.client.submit(.runway(RunwayRequest(
                model: "gen4_turbo", promptText: "sim:fail", promptImage: "https://example.com/first.png"))))
            XCTAssertEqual(failed.status, .failed)
            XCTAssertFalse(failed.failure?.message.isEmpty ?? true)
        }
    }
}

final class ImageFamiliesRoundTripTests: XCTestCase {
    func testJimengIsSynchronous() async throws {
        try await withSim { sim in
            let urls = try await sim.client.submit(.jimeng(JimengRequest(prompt: "千军万马", width: 512, height: 512)))
            XCTAssertEqual(urls.status, .succeeded)
            XCTAssertNotNil(urls.outputs.first?.url)
            let bytes = try await sim.client.submit(.jimeng(JimengRequest(prompt: "千军万马", returnURL: false)))
            XCTAssertNotNil(bytes.outputs.first?.data)
            XCTAssertEqual(bytes.outputs.first?.mimeType, "image/png")
            let reject = await relayError { try await sim.client.submit(.jimeng(JimengRequest(prompt: "sim:reject"))) }
            XCTAssertEqual(reject?.category, .contentRejected)
            let limited = await relayError { try await sim.client.submit(.jimeng(JimengRequest(prompt: "sim:429"))) }
            XCTAssertEqual(limited?.category, .rateLimited)
        }
    }

    func testImgOpenWithAccessKeyPair() async throws {
        try await withSim { sim in
            let client = RelayClient(provider: Presets.imgOpen.with(baseURL: sim.simulator.baseURL),
                                     credentials: Credentials(apiKey: "sim-access", secret: "sim-secret"), transport: sim.transport)
            let task = try await client.submit(.imgOpenSD(ImgOpenSDRequest(prompt: "a girl kneeling, masterpiece", width: 768, height: 768,
                                                                          steps: 25, count: 2)))
            XCTAssertEqual(task.status, .submitted)
            let done = try await client.waitUntilDone(task, every: .milliseconds(40), timeout: .seconds(20))
            XCTAssertEqual(done.status, .succeeded)
            XCTAssertEqual(done.outputs.count, 2)
            let failed = try await client.waitUntilDone(try await client.submit(.imgOpenSD(ImgOpenSDRequest(prompt: "sim:fail"))),
                                                        every: .milliseconds(40), timeout: .seconds(20))
            XCTAssertEqual(failed.status, .failed)
            let wrong = RelayClient(provider: Presets.imgOpen.with(baseURL: sim.simulator.baseURL),
                                    credentials: Credentials(apiKey: "sim-access", secret: "not-the-secret"), transport: sim.transport)
            let unauthorized = await relayError { try await wrong.submit(.imgOpenSD(ImgOpenSDRequest(prompt: "x"))) }
            XCTAssertEqual(unauthorized?.category, .unauthorized)
            XCTAssertFalse(unauthorized?.description.contains("not-the-secret") ?? true)
            let quota = await relayError { try await client.submit(.imgOpenSD(ImgOpenSDRequest(prompt: "sim:quota"))) }
            XCTAssertEqual(quota?.category, .insufficientBalance)
        }
    }

    func testMXDrawing() async throws {
        try await withSim { sim in
            let done = try await sim.finish(try await sim.client.submit(.mxDrawing(MXDrawingRequest(prompt: "ink landscape", model: "mx-v1", ratio: 3))))
            XCTAssertEqual(done.status, .succeeded)
            XCTAssertNotNil(done.outputs.first?.url)
            let failed = try await sim.finish(try await sim.client.submit(.mxDrawing(MXDrawingRequest(prompt: "sim:fail", model: "mx-v1"))))
            XCTAssertEqual(failed.status, .failed)
            let quota = await relayError { try await sim.client.submit(.mxDrawing(MXDrawingRequest(prompt: "sim:quota", model: "mx-v1"))) }
            XCTAssertEqual(quota?.category, .insufficientBalance)
            let reject = await relayError { try await sim.client.submit(.mxDrawing(MXDrawingRequest(prompt: "sim:reject", model: "mx-v1"))) }
            XCTAssertEqual(reject?.category, .contentRejected)
            XCTAssertEqual(Presets.kfcV50.prices.estimate(MXDrawingRequest(prompt: "", model: "", upscaler: 3).priceItem)?.amount, 6)
        }
    }
}
