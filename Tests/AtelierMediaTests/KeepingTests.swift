import AtelierMedia
import Foundation
import XCTest

/// Outputs of each kind are kept under their content address, once.
final class KeepingTests: XCTestCase {
    var media: MediaHarness!

    override func setUp() async throws { media = try await MediaHarness.start() }
    override func tearDown() async throws { try await media.stop() }

    /// Keeps `path` and checks hash, size, MIME type, layout and the stored bytes against a direct download.
    private func assertKeeps(_ path: String, _ kind: MediaKind, mime: String, ext: String) async throws {
        let reference = try await media.bytes(path)
        let kept = try await media.keeper().keep(url: media.base + path, expecting: kind, allowedHosts: [media.simHost])
        let hash = sha256Hex(reference)
        XCTAssertEqual(kept.sha256, hash, path)
        XCTAssertEqual(kept.byteCount, Int64(reference.count), path)
        XCTAssertEqual(kept.mimeType, mime, path)
        XCTAssertEqual(kept.relativePath, "\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))/\(hash).\(ext)", path)
        let stored = try Data(contentsOf: media.folder.appendingPathComponent(kept.relativePath))
        XCTAssertEqual(stored, reference, path)
    }

    func testKeepsPNG() async throws {
        try await assertKeeps("/files/img/cat_64x48.png", .image, mime: "image/png", ext: "png")
    }

    func testKeepsWAV() async throws {
        try await assertKeeps("/files/audio/song.wav", .audio, mime: "audio/wav", ext: "wav")
    }

    func testKeepsMP4() async throws {
        try await assertKeeps("/files/video/clip.mp4", .video, mime: "video/mp4", ext: "mp4")
    }

    func testSameContentIsStoredOnce() async throws {
        let keeper = media.keeper()
        let url = media.base + "/files/img/dup_32x32.png"
        let first = try await keeper.keep(url: url, expecting: .image, allowedHosts: [media.simHost])
        // The same bytes again, through another URL (the query is not part of the file).
        let second = try await keeper.keep(url: url + "?rand=2", expecting: .image, allowedHosts: [media.simHost])
        XCTAssertEqual(first, second)
        let other = try await keeper.keep(url: media.base + "/files/img/other_32x32.png", expecting: .image, allowedHosts: [media.simHost])
        XCTAssertNotEqual(other.sha256, first.sha256)
        XCTAssertEqual(Set(media.storedFiles()), [first.relativePath, other.relativePath], "one file per content, no leftovers")
    }

    func testKeepsDataAndShareTheContentAddress() async throws {
        let png = try await media.bytes("/files/img/bytes_16x16.png")
        let keeper = media.keeper()
        let kept = try keeper.keep(data: png, expecting: .image)
        XCTAssertEqual(kept.sha256, sha256Hex(png))
        XCTAssertEqual(kept.byteCount, Int64(png.count))
        XCTAssertEqual(kept.mimeType, "image/png")
        XCTAssertEqual(try Data(contentsOf: media.folder.appendingPathComponent(kept.relativePath)), png)
        let downloaded = try await keeper.keep(url: media.base + "/files/img/bytes_16x16.png", expecting: .image, allowedHosts: [media.simHost])
        XCTAssertEqual(downloaded, kept)
        XCTAssertEqual(media.storedFiles(), [kept.relativePath])
    }

    func testDataIsTypeCheckedAndSizeCapped() async throws {
        let keeper = media.keeper(MediaPolicy(maxAudioBytes: 1024))
        let html = Data("<!DOCTYPE html><html><body>gateway error</body></html>".utf8)
        XCTAssertEqual(catching { try keeper.keep(data: html, expecting: .image) },
                       .unexpectedType(url: nil, expected: .image, found: "HTML or XML"))
        let wav = try await media.bytes("/files/audio/tone.wav")
        XCTAssertEqual(catching { try keeper.keep(data: wav, expecting: .image) },
                       .unexpectedType(url: nil, expected: .image, found: "audio (audio/wav)"))
        XCTAssertEqual(catching { try keeper.keep(data: wav, expecting: .audio) },
                       .tooLarge(url: nil, kind: .audio, limit: 1024, declared: Int64(wav.count)))
        XCTAssertEqual(catching { try keeper.keep(data: Data(), expecting: .audio) },
                       .unexpectedType(url: nil, expected: .audio, found: "an empty file"))
        XCTAssertEqual(media.storedFiles(), [], "nothing kept, no temporary file left")
    }

    private func catching(_ body: () throws -> KeptFile) -> MediaError? {
        do {
            let kept = try body()
            XCTFail("kept \(kept.relativePath)")
        } catch {
            XCTAssertTrue(error is MediaError, "\(error)")
            return error as? MediaError
        }
        return nil
    }
}
