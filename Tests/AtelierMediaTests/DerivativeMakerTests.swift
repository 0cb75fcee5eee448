import AtelierMedia
import Foundation
import XCTest

/// Thumbnails, posters and facts made by the real tools (vipsthumbnail, ffprobe, ffmpeg) from
/// real files made by ffmpeg at test time.
final class DerivativeMakerTests: XCTestCase {
    var folder: URL!
    var maker: DerivativeMaker!

    override func setUp() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-derivatives-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fi/xt"), withIntermediateDirectories: true)
        maker = DerivativeMaker(folder: folder)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testAnImageGetsTwoThumbnailsOfTheRightSizesAndItsSize() async throws {
        let path = try await makeFixture("landscape.png", ["-f", "lavfi", "-i", "testsrc=size=1200x800:rate=1", "-frames:v", "1"])
        let made = try await maker.image(at: path)
        XCTAssertEqual(made.facts, MediaFacts(width: 1200, height: 800))
        XCTAssertEqual(made.thumbnailSmallPath, "fi/xt/landscape.320.webp")
        XCTAssertEqual(made.thumbnailLargePath, "fi/xt/landscape.960.webp")
        XCTAssertNil(made.posterPath)
        try await assertImage(made.thumbnailSmallPath, width: 320, height: 213)
        try await assertImage(made.thumbnailLargePath, width: 960, height: 640)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("fi/xt/landscape.320.webp").path)[.posixPermissions] as? NSNumber)
        XCTAssertEqual(mode.intValue, 0o644, "derivatives get the kept files' mode")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".partial").path)
        XCTAssertEqual(leftovers, [], "no partial file stays behind")
    }

    func testASmallPortraitJPEGIsShrunkOnItsLongSideAndNeverEnlarged() async throws {
        let path = try await makeFixture("portrait.jpg", ["-f", "lavfi", "-i", "testsrc=size=600x900:rate=1", "-frames:v", "1"])
        let made = try await maker.image(at: path)
        try await assertImage(made.thumbnailSmallPath, width: 213, height: 320)
        try await assertImage(made.thumbnailLargePath, width: 600, height: 900)
    }

    func testAVideoGetsAPosterFrameItsThumbnailsAndItsDuration() async throws {
        let path = try await makeFixture("clip.mp4", ["-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "3",
                                                      "-c:v", "mpeg4", "-pix_fmt", "yuv420p"])
        let made = try await maker.video(at: path)
        XCTAssertEqual(made.facts.width, 640)
        XCTAssertEqual(made.facts.height, 360)
        XCTAssertEqual(try XCTUnwrap(made.facts.duration), 3, accuracy: 0.1)
        XCTAssertEqual(made.posterPath, "fi/xt/clip.poster.jpg")
        try await assertImage(made.posterPath, width: 640, height: 360)
        try await assertImage(made.thumbnailSmallPath, width: 320, height: 180)
    }

    func testAVideoShorterThanASecondStillGetsAPoster() async throws {
        let path = try await makeFixture("blink.mp4", ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "0.3", "-c:v", "mpeg4"])
        let made = try await maker.video(at: path)
        try await assertImage(made.posterPath, width: 320, height: 240)
    }

    func testAudioGetsItsDurationAndItsCoverAsPoster() async throws {
        let mp3 = try await makeFixture("song.mp3", ["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "libmp3lame"])
        let wav = try await makeFixture("tone.wav", ["-f", "lavfi", "-i", "sine=frequency=220:duration=1.5"])
        let cover = try await makeFixture("cover.png", ["-f", "lavfi", "-i", "testsrc=size=512x512:rate=1", "-frames:v", "1"])
        let covered = try await maker.audio(at: mp3, coverPath: cover)
        XCTAssertEqual(try XCTUnwrap(covered.facts.duration), 2, accuracy: 0.1)
        XCTAssertEqual(covered.posterPath, cover)
        try await assertImage(covered.thumbnailSmallPath, width: 320, height: 320)
        let bare = try await maker.audio(at: wav, coverPath: nil)
        XCTAssertEqual(try XCTUnwrap(bare.facts.duration), 1.5, accuracy: 0.05)
        XCTAssertNil(bare.posterPath)
        XCTAssertNil(bare.thumbnailSmallPath)
    }

    func testACorruptFileIsUnreadableNotACrash() async throws {
        let path = "fi/xt/broken.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x41, count: 2000))
            .write(to: folder.appendingPathComponent(path))
        do {
            _ = try await maker.image(at: path)
            XCTFail("a corrupt PNG made thumbnails")
        } catch let error as DerivativeError {
            XCTAssertEqual(error, .unreadable(path: path, kind: .image))
        }
        let video = "fi/xt/broken.mp4"
        try Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8) + Array(repeating: 0, count: 4000)).write(to: folder.appendingPathComponent(video))
        await XCTAssertThrowsErrorAsync(try await maker.video(at: video))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("fi/xt/broken.320.webp").path))
    }

    func testAFileNamingOtherSourcesNeverMakesTheToolsFetchThem() async throws {
        let media = try await MediaHarness.start()
        do {
            let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n\(media.base)/files/video/fetched.mp4\n#EXT-X-ENDLIST\n"
            let path = "fi/xt/playlist.mp4"
            try Data(playlist.utf8).write(to: folder.appendingPathComponent(path))
            await XCTAssertThrowsErrorAsync(try await maker.video(at: path))
            let stats = try await media.client.get(url: media.base + "/sim/stats").get()
            let body = String(buffer: try XCTUnwrap(stats.body))
            XCTAssertFalse(body.contains("/files/video"), "ffprobe/ffmpeg followed the playlist: \(body)")
        } catch {
            try await media.stop()
            throw error
        }
        try await media.stop()
    }

    func testAMissingToolIsAnErrorNamingIt() async throws {
        let empty = folder.appendingPathComponent("no-tools")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let toolless = DerivativeMaker(folder: folder, tools: ToolRunner(searchPath: [empty.path]))
        do {
            _ = try await toolless.image(at: "fi/xt/anything.png")
            XCTFail("made derivatives without ffprobe")
        } catch let error as DerivativeError {
            XCTAssertEqual(error, .tool(.missing(tool: "ffprobe")))
            XCTAssertEqual(error.message, "ffprobe is not installed")
        }
    }

    // MARK: - Helpers

    /// Makes `fi/xt/<name>` with ffmpeg and returns its path under the media folder.
    private func makeFixture(_ name: String, _ input: [String]) async throws -> String {
        let path = "fi/xt/\(name)"
        _ = try await ToolRunner().run("ffmpeg", ["-nostdin", "-loglevel", "error"] + input + ["-y", folder.appendingPathComponent(path).path])
        return path
    }

    private func assertImage(_ path: String?, width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line) async throws {
        let path = try XCTUnwrap(path, file: file, line: line)
        let facts = try await maker.facts(at: path, kind: .image)
        XCTAssertEqual(facts.width, width, "width of \(path)", file: file, line: line)
        XCTAssertEqual(facts.height, height, "height of \(path)", file: file, line: line)
    }
}

/// Fails when `expression` does not throw.
func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await expression()
        XCTFail("no error thrown", file: file, line: line)
    } catch {}
}
