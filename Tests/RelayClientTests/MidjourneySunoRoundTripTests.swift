import Foundation
import RelayClient
import RelaySim
import XCTest

/// Midjourney and Suno against relay-sim: submit, poll to the end, outputs and next actions.
final class MidjourneyRoundTripTests: XCTestCase {
    func testImagineThenUpscaleWithBatchFetch() async throws {
        for mode in SimulatorConfiguration.MidjourneyMode.allCases {
            try await withSim(SimHarness.fast(midjourneyMode: mode)) { sim in
                let submitted = try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "a pig --v 6.1", images: []))),
                                                            id: "ours-1")
                XCTAssertEqual(submitted.id, "ours-1")
                XCTAssertEqual(submitted.status, .submitted)
                XCTAssertNotNil(submitted.providerTaskID)
                let done = try await sim.finish(submitted)
                XCTAssertEqual(done.status, .succeeded, "\(mode)")
                XCTAssertEqual(done.progress, 100)
                XCTAssertEqual(done.outputs.first?.kind, .image)
                XCTAssertNotNil(done.outputs.first?.url)
                XCTAssertEqual(done.actions.count, 9, "U1–4, reroll, V1–4")
                let u1 = try XCTUnwrap(done.actions.first { $0.label == "U1" })
                XCTAssertEqual(u1.kind, "upscale")

                let upscale = try await sim.client.submit(.midjourney(MidjourneyRequest(
                    .action(taskID: done.providerTaskID!, customID: u1.id))))
                let second = try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "a cow", images: []), mode: "mj-relax")))
                var batch = try await sim.client.fetchMany([upscale, second])
                XCTAssertEqual(batch.map(\.id), [upscale.id, second.id])
                for _ in 0..<200 where !batch.allSatisfy(\.status.isTerminal) {
                    try await Task.sleep(for: .milliseconds(40))
                    batch = try await sim.client.fetchMany(batch)
                }
                XCTAssertEqual(batch.map(\.status), [.succeeded, .succeeded])
                XCTAssertTrue(batch[0].actions.contains { $0.kind == "variation" || $0.kind == "zoom" })
                let seed = try await sim.client.midjourneyImageSeed(done)
                XCTAssertFalse(seed.isEmpty)
            }
        }
    }

    func testInpaintNeedsInputThenModal() async throws {
        try await withSim { sim in
            let done = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "a cat", images: [])))))
            let upscaled = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(
                .action(taskID: done.providerTaskID!, customID: done.actions.first { $0.kind == "upscale" }!.id)))))
            let inpaint = try XCTUnwrap(upscaled.actions.first { $0.kind == "inpaint" })
            XCTAssertTrue(inpaint.needsInput)
            let waiting = try await sim.client.submit(.midjourney(MidjourneyRequest(.action(taskID: upscaled.providerTaskID!, customID: inpaint.id))))
            let modalState = try await sim.finish(waiting)
            XCTAssertEqual(modalState.status, .needsInput)
            let modal = try await sim.client.submit(.midjourney(MidjourneyRequest(
                .modal(taskID: waiting.providerTaskID!, prompt: "a cat with a hat", maskBase64: pixelDataURI))))
            let final = try await sim.finish(modal)
            XCTAssertEqual(final.status, .succeeded)
        }
    }

    func testDescribeBlendShortenSwapFace() async throws {
        try await withSim { sim in
            let describe = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(.describe(image: pixelDataURI)))))
            XCTAssertEqual(describe.status, .succeeded)
            XCTAssertEqual(describe.kind, .text)
            XCTAssertFalse(describe.outputs.first?.text?.isEmpty ?? true)
            XCTAssertTrue(describe.actions.contains { $0.kind == "describePrompt" })
            let blend = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(
                .blend(images: [pixelDataURI, pixelDataURI], dimensions: "SQUARE")))))
            XCTAssertEqual(blend.status, .succeeded)
            let shorten = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(
                .shorten(prompt: "a very long prompt about a castle on a hill at dawn with fog")))))
            XCTAssertEqual(shorten.status, .succeeded)
            let swap = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(
                .swapFace(source: pixelDataURI, target: pixelDataURI)))))
            XCTAssertEqual(swap.status, .succeeded)
            XCTAssertNotNil(swap.outputs.first?.url)
            let oneImage = await relayError {
                try await sim.client.submit(.midjourney(MidjourneyRequest(.blend(images: [pixelDataURI], dimensions: nil))))
            }
            XCTAssertEqual(oneImage?.category, .invalidRequest)
        }
    }

    func testMidjourneyErrorsAndFailures() async throws {
        try await withSim { sim in
            func submitError(_ prompt: String) async -> RelayError? {
                await relayError { try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: prompt, images: [])))) }
            }
            let e1 = await submitError("sim:reject")

            XCTAssertEqual(e1?.category, .contentRejected)
            let e2 = await submitError("sim:quota")

            XCTAssertEqual(e2?.category, .insufficientBalance)
            let limited = await submitError("sim:429")
            XCTAssertEqual(limited?.category, .rateLimited)
            XCTAssertEqual(limited?.retryAfter, 1)
            let e3 = await submitError("sim:busy")

            XCTAssertEqual(e3?.category, .rateLimited)
            let e4 = await submitError("sim:500")

            XCTAssertEqual(e4?.category, .upstreamFailure)
            let e5 = await submitError("")

            XCTAssertEqual(e5?.category, .invalidRequest)

            let failed = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "sim:fail", images: [])))))
            XCTAssertEqual(failed.status, .failed)
            XCTAssertFalse(failed.failure?.message.isEmpty ?? true)

            let lost = try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "sim:lost", images: []))))
            let notFound = await relayError { try await sim.client.fetch(lost) }
            XCTAssertEqual(notFound?.category, .notFound)
            let remaining = try await sim.client.fetchMany([lost])
            XCTAssertEqual(remaining.count, 0)
        }
    }

    func testCancelAndCallbackParsing() async throws {
        try await withSim(SimHarness.fast(midjourneyMode: .raw)) { sim in
            let task = try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "to cancel", images: []))))
            XCTAssertTrue(sim.client.supportsCancel(.midjourney))
            let cancelled = try await sim.client.cancel(task)
            XCTAssertEqual(cancelled.status, .cancelled)

            let other = try await sim.finish(try await sim.client.submit(.midjourney(MidjourneyRequest(.imagine(prompt: "callback", images: [])))))
            let body = Data(try XCTUnwrap(other.rawResponse).utf8)
            let update = try sim.client.parseCallback(body, family: .midjourney)
            XCTAssertEqual(update.status, .succeeded)
            XCTAssertEqual(update.providerTaskID, other.providerTaskID)
            XCTAssertEqual(task.merged(with: update).id, task.id)
        }
    }
}

final class SunoRoundTripTests: XCTestCase {
    func testMusicYieldsClipsAndLyricsYieldText() async throws {
        try await withSim { sim in
            let inspiration = try await sim.client.submit(.suno(SunoRequest(.inspiration(description: "a happy song about weekends"), model: "chirp-v4")))
            XCTAssertEqual(inspiration.status, .submitted)
            let custom = try await sim.client.submit(.suno(SunoRequest(
                .custom(lyrics: "[Verse]\nWalking down the streets", style: "emotional punk", title: "City Lights"), instrumental: false)))
            let done = try await sim.finish(inspiration)
            XCTAssertEqual(done.status, .succeeded)
            XCTAssertGreaterThanOrEqual(done.outputs.count, 2)
            for clip in done.outputs {
                XCTAssertEqual(clip.kind, .audio)
                XCTAssertNotNil(clip.url)
                XCTAssertNotNil(clip.coverURL)
                XCTAssertNotNil(clip.title)
                XCTAssertGreaterThan(clip.duration ?? 0, 0)
            }
            let lyrics = try await sim.client.submit(.suno(SunoRequest(.lyrics(prompt: "a song about cats"))))
            var batch = try await sim.client.fetchMany([custom, lyrics])
            for _ in 0..<200 where !batch.allSatisfy(\.status.isTerminal) {
                try await Task.sleep(for: .milliseconds(40))
                batch = try await sim.client.fetchMany(batch)
            }
            XCTAssertEqual(batch.map(\.status), [.succeeded, .succeeded])
            XCTAssertEqual(batch[0].outputs.first?.title, "City Lights")
            XCTAssertEqual(batch[1].kind, .text)
            XCTAssertFalse(batch[1].outputs.first?.text?.isEmpty ?? true)
        }
    }

    func testSunoErrors() async throws {
        try await withSim { sim in
            func submitError(_ text: String) async -> RelayError? {
                await relayError { try await sim.client.submit(.suno(SunoRequest(.inspiration(description: text)))) }
            }
            let e6 = await submitError("sim:quota")

            XCTAssertEqual(e6?.category, .insufficientBalance)
            let e7 = await submitError("sim:429")

            XCTAssertEqual(e7?.retryAfter, 1)
            let e8 = await submitError("sim:reject")

            XCTAssertEqual(e8?.category, .contentRejected)
            let garbage = await submitError("sim:garbage")
            XCTAssertEqual(garbage?.category, .invalidResponse)
            XCTAssertTrue(garbage?.requestMayHaveReachedProvider ?? false)
            let html = await submitError("sim:html")
            XCTAssertTrue(html?.message.contains("HTML") ?? false)
            let failed = try await sim.finish(try await sim.client.submit(.suno(SunoRequest(.inspiration(description: "sim:fail")))))
            XCTAssertEqual(failed.status, .failed)
            XCTAssertFalse(failed.failure?.message.isEmpty ?? true)
            let lost = try await sim.client.submit(.suno(SunoRequest(.inspiration(description: "sim:lost"))))
            let lostError = await relayError { try await sim.client.fetch(lost) }
            XCTAssertEqual(lostError?.category, .notFound)
        }
    }
}
