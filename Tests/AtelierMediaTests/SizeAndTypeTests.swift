import AtelierMedia
import Foundation
import XCTest

/// Oversized bodies are refused without being downloaded or buffered; bytes that are not the
/// expected kind are refused whatever the Content-Type says.
final class SizeAndTypeTests: XCTestCase {
    var media: MediaHarness!

    override func setUp() async throws { media = try await MediaHarness.start() }
    override func tearDown() async throws { try await media.stop() }

    func testDeclaredTwoGiBIsRefusedBeforeReading() async throws {
        let started = ContinuousClock.now
        let error = await expectMediaError {
            try await self.media.keeper().keep(url: self.media.base + "/files/fault/huge.png", expecting: .image, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(error, .tooLarge(url: media.base + "/files/fault/huge.png", kind: .image, limit: 50 << 20, declared: 2 << 30))
        XCTAssertEqual(error?.isRetryable, false)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
        XCTAssertEqual(media.storedFiles(), [], "nothing written")
    }

    func testUndeclaredTwoGiBIsCutAtTheCap() async throws {
        let started = ContinuousClock.now
        let error = await expectMediaError {
            try await self.media.keeper(MediaPolicy(maxImageBytes: 4 << 20)).keep(
                url: self.media.base + "/files/fault/huge-chunked.png", expecting: .image, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(error, .tooLarge(url: media.base + "/files/fault/huge-chunked.png", kind: .image, limit: 4 << 20, declared: nil))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
        XCTAssertEqual(media.storedFiles(), [], "the temporary file is deleted")
    }

    func testReadDeadlineCoversTheBody() async throws {
        let started = ContinuousClock.now
        let error = await expectMediaError {
            try await self.media.keeper(MediaPolicy(maxImageBytes: 4 << 30, readDeadline: .milliseconds(400))).keep(
                url: self.media.base + "/files/fault/huge-chunked.png", expecting: .image, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(error, .timedOut(url: media.base + "/files/fault/huge-chunked.png"))
        XCTAssertEqual(error?.isRetryable, true)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        XCTAssertEqual(media.storedFiles(), [], "the temporary file is deleted")
    }

    func testHTMLServedAsPNGIsRefused() async throws {
        let error = await expectMediaError {
            try await self.media.keeper().keep(url: self.media.base + "/files/fault/html-as.png", expecting: .image, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(error, .unexpectedType(url: media.base + "/files/fault/html-as.png", expected: .image, found: "HTML or XML"))
        XCTAssertEqual(error?.isRetryable, false)
        XCTAssertEqual(media.storedFiles(), [])
    }

    func testATwelveByteMP4IsRefusedAndARealOneKept() async throws {
        let keeper = media.keeper()
        let error = await expectMediaError {
            try await keeper.keep(url: self.media.base + "/files/fault/tiny.mp4", expecting: .video, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(error, .unexpectedType(url: media.base + "/files/fault/tiny.mp4", expected: .video, found: "only 12 bytes"))
        XCTAssertEqual(error?.isRetryable, false)
        XCTAssertEqual(media.storedFiles(), [], "nothing kept, no temporary file left")
        let real = try await keeper.keep(url: media.base + "/files/video/clip.mp4", expecting: .video, allowedHosts: [media.simHost])
        XCTAssertEqual(real.mimeType, "video/mp4")
    }

    func testAnotherKindIsRefused() async throws {
        let keeper = media.keeper()
        let audioAsImage = await expectMediaError {
            try await keeper.keep(url: self.media.base + "/files/audio/a.wav", expecting: .image, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(audioAsImage, .unexpectedType(url: media.base + "/files/audio/a.wav", expected: .image, found: "audio (audio/wav)"))
        let imageAsVideo = await expectMediaError {
            try await keeper.keep(url: self.media.base + "/files/img/v_8x8.png", expecting: .video, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(imageAsVideo, .unexpectedType(url: media.base + "/files/img/v_8x8.png", expected: .video, found: "image (image/png)"))
        XCTAssertEqual(media.storedFiles(), [])
    }
}
