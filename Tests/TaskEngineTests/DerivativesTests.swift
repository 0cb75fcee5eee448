import AtelierEngine
import AtelierMedia
import AtelierStore
import Foundation
import GRDB
import Logging
import TaskEngine
import TestSupport
import XCTest

/// Thumbnails, posters and facts are made by the engine right after an output is kept, and by
/// the background pass for outputs kept before; a file the tools cannot read is marked failed.
final class DerivativesTests: XCTestCase {
    func testAKeptImageGetsTwoThumbnailsAndItsSize() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "a red kite"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            let outputs = try await fixture.team.tasks.outputs(taskID: done.id)
            let output = try XCTUnwrap(outputs.first)
            XCTAssertEqual(output.derivativesState, .made)
            // relay-sim draws at most 256 px (ImageArtist.maxSide): the measured size replaces the
            // asked 1024, and neither thumbnail is enlarged past it (exact shrinking is in DerivativeMakerTests).
            XCTAssertEqual(output.width, 256)
            XCTAssertEqual(output.height, 256)
            XCTAssertEqual(output.thumbnailSmallPath.map { $0.hasSuffix(".320.webp") }, true)
            XCTAssertEqual(output.thumbnailLargePath.map { $0.hasSuffix(".960.webp") }, true)
            try await assertImage(fixture, output.thumbnailSmallPath, width: 256, height: 256)
            try await assertImage(fixture, output.thumbnailLargePath, width: 256, height: 256)
            XCTAssertNil(output.posterPath)
        }
    }

    func testAKeptVideoGetsAPosterAndItsDuration() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .klingVideo, model: "kling-v1", prompt: "a paper boat"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            let outputs = try await fixture.team.tasks.outputs(taskID: done.id)
            let output = try XCTUnwrap(outputs.first)
            XCTAssertEqual(output.derivativesState, .made)
            XCTAssertGreaterThan(output.duration ?? 0, 0)
            let poster = try XCTUnwrap(output.posterPath)
            XCTAssertTrue(poster.hasSuffix(".poster.jpg"), poster)
            let facts = try await maker(fixture).facts(at: poster, kind: .image)
            XCTAssertEqual(facts.width, output.width)
            XCTAssertNotNil(output.thumbnailSmallPath)
        }
    }

    func testASunoClipGetsItsCoverFromImageURLAsPoster() async throws {
        try await withTasks { fixture in
            let task = try await fixture.submit(StudioRequest(route: .sunoMusic, model: "chirp-v4", prompt: "a song about tea"))
            let done = try await fixture.drive(task.id)
            XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            let clips = try await fixture.team.tasks.outputs(taskID: done.id).filter { $0.kind == "audio" }
            XCTAssertFalse(clips.isEmpty)
            for clip in clips {
                XCTAssertEqual(clip.derivativesState, .made)
                XCTAssertNotNil(clip.coverSourceURL)
                XCTAssertGreaterThan(clip.duration ?? 0, 0)
                let poster = try XCTUnwrap(clip.posterPath)
                XCTAssertTrue(poster.hasSuffix(".png"), "the kept cover itself: \(poster)")
                try await assertImage(fixture, poster, width: 256, height: 256)
                try await assertImage(fixture, clip.thumbnailSmallPath, width: 256, height: 256)
            }
        }
    }

    func testTheBackgroundPassFillsOldRowsAndGoesOnPastACorruptFile() async throws {
        let logs = LogRecorder()
        let fixture = try await TaskFixture.start(logger: logs.logger)
        do {
            let images = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "two kites", count: 2))
            let suno = try await fixture.submit(StudioRequest(route: .sunoMusic, model: "chirp-v4", prompt: "rain on tin"))
            for id in [images.id, suno.id] {
                let done = try await fixture.drive(id)
                XCTAssertEqual(done.status, .succeeded, done.failureMessage ?? "")
            }
            // As before this change: kept, nothing made; the first one's file is now corrupt.
            let corrupt = "co/rr/corrupt.png"
            let media = fixture.folder.appendingPathComponent("media")
            try FileManager.default.createDirectory(at: media.appendingPathComponent("co/rr"), withIntermediateDirectories: true)
            try Data([0x89, 0x50, 0x4E, 0x47] + Array(repeating: 0x42, count: 3000)).write(to: media.appendingPathComponent(corrupt))
            let imageRows = try await fixture.team.tasks.outputs(taskID: images.id)
            let first = try XCTUnwrap(imageRows.first?.id)
            try await fixture.team.database.write { db in
                try db.execute(sql: """
                    UPDATE taskOutput SET derivativesState = NULL, thumbnailSmallPath = NULL, thumbnailLargePath = NULL,
                        posterPath = NULL, width = NULL, height = NULL, duration = NULL WHERE state = 'kept'
                    """)
                try db.execute(sql: "UPDATE taskOutput SET relativePath = ? WHERE id = ?", arguments: [corrupt, first])
            }
            let old = try await fixture.team.tasks.countOutputsWithoutDerivatives()
            XCTAssertGreaterThanOrEqual(old, 3)

            await fixture.engine.fillMissingDerivatives(batchSize: 1)

            let left = try await fixture.team.tasks.countOutputsWithoutDerivatives()
            XCTAssertEqual(left, 0)
            let imageOutputs = try await fixture.team.tasks.outputs(taskID: images.id)
            let outputs = try await imageOutputs + fixture.team.tasks.outputs(taskID: suno.id)
            for output in outputs where output.state == .kept {
                if output.id == first {
                    XCTAssertEqual(output.derivativesState, .failed)
                    XCTAssertNil(output.thumbnailSmallPath)
                } else {
                    XCTAssertEqual(output.derivativesState, .made, "output \(output.position) of \(output.taskId)")
                    XCTAssertNotNil(output.thumbnailSmallPath)
                    XCTAssertTrue(output.kind == "image" ? output.width == 256 : (output.duration ?? 0) > 0)
                }
            }
            let lines = logs.all
            XCTAssertTrue(lines.contains("info derivatives: 0/\(old) "), lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains("info derivatives: 1/\(old) "))
            XCTAssertTrue(lines.contains("info derivatives: \(old)/\(old) "))
            XCTAssertTrue(lines.contains { $0.hasPrefix("warning derivatives not made") && $0.contains("corrupt.png is not a readable image") })
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    func testAMissingToolMarksTheOutputFailedAndTheTaskStillSucceeds() async throws {
        let fixture = try await TaskFixture.start()
        do {
            let toolless = TaskEngine(
                team: fixture.team, connector: ProviderConnector(team: fixture.team, transport: fixture.transport, addressPolicy: .anyAddress),
                media: MediaKeeper(folder: fixture.folder.appendingPathComponent("media"), httpClient: fixture.httpClient, logger: Logger(label: "t")),
                mediaFolder: fixture.folder.appendingPathComponent("media"), settings: TaskFixture.fastSettings, callbackKey: TaskFixture.callbackKey,
                derivatives: DerivativeMaker(folder: fixture.folder.appendingPathComponent("media"), tools: ToolRunner(searchPath: ["/nonexistent"])))
            let task = try await fixture.submit(StudioRequest(route: .openAIImage, model: "dall-e-3", prompt: "no tools here"))
            var status = task.status
            let end = Date().addingTimeInterval(10)
            while !status.isFinal, Date() < end {
                await toolless.step()
                if let current = try await fixture.team.tasks.task(id: task.id) { status = current.status }
            }
            XCTAssertEqual(status, .succeeded)
            let outputs = try await fixture.team.tasks.outputs(taskID: task.id)
            let output = try XCTUnwrap(outputs.first)
            XCTAssertEqual(output.state, .kept)
            XCTAssertEqual(output.derivativesState, .failed)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    // MARK: - Helpers

    private func maker(_ fixture: TaskFixture) -> DerivativeMaker {
        DerivativeMaker(folder: fixture.folder.appendingPathComponent("media"))
    }

    private func assertImage(_ fixture: TaskFixture, _ path: String?, width: Int, height: Int,
                             file: StaticString = #filePath, line: UInt = #line) async throws {
        let path = try XCTUnwrap(path, file: file, line: line)
        let facts = try await maker(fixture).facts(at: path, kind: .image)
        XCTAssertEqual(facts.width, width, "width of \(path)", file: file, line: line)
        XCTAssertEqual(facts.height, height, "height of \(path)", file: file, line: line)
    }
}
