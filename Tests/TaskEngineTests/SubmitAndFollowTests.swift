import AtelierStore
import Crypto
import Foundation
import RelayClient
import TaskEngine
import XCTest

/// A task's whole life against relay-sim: written first, sent once, followed to the end, its
/// outputs kept as files and its cost recorded.
final class SubmitAndFollowTests: XCTestCase {
    func testASynchronousImageIsKeptWithItsHashAndCharged() async throws {
        try await withTasks { fixture in
            let submitted = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "a red kite", count: 2))
            XCTAssertEqual(submitted.status, .queued, "the row is written before the provider is called")
            let done = try await fixture.drive(submitted.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            XCTAssertNotNil(done.submittedAt)
            XCTAssertEqual(done.progress, 100)

            let outputs = try await fixture.team.tasks.outputs(taskID: done.id)
            XCTAssertEqual(outputs.count, 2)
            for output in outputs {
                XCTAssertEqual(output.state, .kept)
                XCTAssertEqual(output.mimeType, "image/png")
                let path = try XCTUnwrap(output.relativePath)
                let bytes = try Data(contentsOf: fixture.folder.appendingPathComponent("media").appendingPathComponent(path))
                XCTAssertEqual(Int64(bytes.count), output.byteCount)
                XCTAssertEqual(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), output.sha256)
            }
            let usage = try await fixture.usage(of: done.id)
            XCTAssertEqual(usage.count, 1)
            XCTAssertEqual(usage.first?.amount ?? 0, 0.08, accuracy: 1e-9, "two images at the demo preset's 0.04 USD")
            XCTAssertEqual(usage.first?.unit, "USD")
            XCTAssertEqual(usage.first?.memberName, "mei")
            XCTAssertEqual(done.cost ?? 0, 0.08, accuracy: 1e-9)
        }
    }

    func testAMidjourneyGridIsPolledToTheEndAndItsButtonStartsALinkedTask() async throws {
        try await withTasks { fixture in
            let submitted = try await fixture.submit(StudioRequest(route: .midjourneyImagine, prompt: "a lighthouse at dusk", aspectRatio: "16:9"))
            let running = try await fixture.drive(submitted.id) { $0.status == .submitted || $0.status == .running || $0.status.isFinal }
            XCTAssertNotNil(running.providerTaskId, "the provider's id is kept once it answers")
            let done = try await fixture.drive(submitted.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            let outputs = try await fixture.team.tasks.outputs(taskID: done.id)
            XCTAssertFalse(outputs.isEmpty)
            XCTAssertTrue(outputs.allSatisfy { $0.state == .kept })

            let state = try JSONDecoder().decode(RelayTask.self, from: Data(try XCTUnwrap(done.relayState).utf8))
            let upscale = try XCTUnwrap(state.actions.first { $0.kind == "upscale" }, "a finished grid offers U1–U4")
            let child = try await fixture.engine.press(actionID: upscale.id, on: done.id, member: fixture.member, idempotencyKey: "press-1")
            XCTAssertEqual(child.parentId, done.id)
            XCTAssertEqual(child.operation, StudioRoute.midjourneyAction.rawValue)
            let upscaled = try await fixture.drive(child.id)
            XCTAssertEqual(upscaled.status, .succeeded, upscaled.failureMessage ?? "")
            let usage = try await fixture.usage(of: child.id)
            XCTAssertEqual(usage.first?.amount ?? 0, 0.02, accuracy: 1e-9, "an action is priced as mj_action")
        }
    }

    func testTheSameFormSentTwiceMakesOneTask() async throws {
        try await withTasks { fixture in
            let request = StudioRequest(route: .sunoLyrics, prompt: "a song about tea")
            let first = try await fixture.submit(request, key: "form-42")
            let second = try await fixture.submit(request, key: "form-42")
            XCTAssertEqual(first.id, second.id)
            let done = try await fixture.drive(first.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            let all = try await fixture.team.tasks.list(memberID: fixture.member.id)
            XCTAssertEqual(all.count, 1)
            let outputs = try await fixture.team.tasks.outputs(taskID: done.id)
            XCTAssertEqual(outputs.first?.state, .text)
            XCTAssertFalse((outputs.first?.text ?? "").isEmpty, "the lyrics are kept as text")
        }
    }

    func testBadInputIsRefusedByFieldAndWritesNothing() async throws {
        try await withTasks { fixture in
            do {
                _ = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "  ", count: 9))
                XCTFail("an empty prompt and 9 images are refused")
            } catch SubmitRefusal.invalid(let errors) {
                XCTAssertEqual(Set(errors.map(\.field)), ["prompt", "count"])
            }
            do {
                _ = try await fixture.submit(StudioRequest(route: .midjourneyBlend, prompt: ""))
                XCTFail("a blend needs two images")
            } catch SubmitRefusal.invalid(let errors) {
                XCTAssertEqual(errors.map(\.field), ["reference"])
            }
            let written = try await fixture.team.tasks.list(memberID: nil)
            XCTAssertTrue(written.isEmpty)
        }
    }

    func testABudgetThatWouldBePassedRefusesBeforeAnyCall() async throws {
        try await withTasks { fixture in
            let actor = Actor(memberID: nil, name: "task-tests", remoteAddress: "-")
            try await fixture.team.budgets.set(memberID: fixture.member.id!, providerID: fixture.provider.id!, monthlyLimit: 0.05, by: actor)
            let cheap = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "one"))
            _ = try await fixture.drive(cheap.id)
            do {
                _ = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "two"))
                XCTFail("0.04 spent + 0.04 passes 0.05")
            } catch SubmitRefusal.overBudget(let limit, let spent, let cost, let unit) {
                XCTAssertEqual(limit, 0.05)
                XCTAssertEqual(spent, 0.04, accuracy: 1e-9)
                XCTAssertEqual(cost ?? -1, 0.04, accuracy: 1e-9)
                XCTAssertEqual(unit, "USD")
            }
            let written = try await fixture.team.tasks.list(memberID: nil)
            XCTAssertEqual(written.count, 1)
        }
    }

    func testSpeechIsKeptAsAudioAndARecordingIsTranscribedToText() async throws {
        try await withTasks { fixture in
            let spoken = try await fixture.submit(StudioRequest(route: .speech, model: "tts-1", prompt: "你好，Atelier", voice: "nova"))
            let speech = try await fixture.drive(spoken.id)
            XCTAssertEqual(speech.status, .succeeded, speech.failureMessage ?? "")
            let clips = try await fixture.team.tasks.outputs(taskID: spoken.id)
            let clip = try XCTUnwrap(clips.first)
            XCTAssertEqual(clip.state, .kept)
            XCTAssertEqual(clip.mimeType, "audio/wav")

            // The kept clip goes back in as a recording to transcribe.
            let reference = ReferenceImage(path: try XCTUnwrap(clip.relativePath), mimeType: "audio/wav")
            let heard = try await fixture.submit(StudioRequest(route: .transcription, model: "whisper-1", prompt: "", references: [reference]))
            let transcription = try await fixture.drive(heard.id)
            XCTAssertEqual(transcription.status, .succeeded, transcription.failureMessage ?? "")
            XCTAssertEqual(transcription.kind, "text")
            let texts = try await fixture.team.tasks.outputs(taskID: heard.id)
            let text = try XCTUnwrap(texts.first)
            XCTAssertEqual(text.state, .text)
            XCTAssertFalse((text.text ?? "").isEmpty)
        }
    }
}
