@testable import AtelierMedia
import XCTest

/// Formats are recognised from their first bytes, for the kind asked.
final class MediaFormatTests: XCTestCase {
    private func header(_ bytes: [UInt8], _ ascii: String = "", at offset: Int = 0) -> [UInt8] {
        var header = bytes + [UInt8](repeating: 0, count: 64)
        header.replaceSubrange(offset..<(offset + ascii.utf8.count), with: Array(ascii.utf8))
        return Array(header.prefix(64))
    }

    private func ftyp(_ brand: String) -> [UInt8] { header([0, 0, 0, 0x20], "ftyp\(brand)", at: 4) }

    func testRecognisesEachFormatAsItsKind() {
        let cases: [([UInt8], MediaKind, String, String)] = [
            (header([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), .image, "image/png", "png"),
            (header([0xFF, 0xD8, 0xFF, 0xE0]), .image, "image/jpeg", "jpg"),
            (header([], "GIF89a"), .image, "image/gif", "gif"),
            (header([], "RIFF\0\0\0\0WEBPVP8 "), .image, "image/webp", "webp"),
            (header([0x42, 0x4D, 0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36]), .image, "image/bmp", "bmp"),
            (header([], "RIFF\0\0\0\0WAVEfmt "), .audio, "audio/wav", "wav"),
            (header([], "ID3\u{4}"), .audio, "audio/mpeg", "mp3"),
            (header([0xFF, 0xFB, 0x90, 0x64]), .audio, "audio/mpeg", "mp3"),
            (header([], "OggS"), .audio, "audio/ogg", "ogg"),
            (header([], "fLaC"), .audio, "audio/flac", "flac"),
            (ftyp("M4A "), .audio, "audio/mp4", "m4a"),
            (ftyp("isom"), .audio, "audio/mp4", "m4a"),
            (ftyp("isom"), .video, "video/mp4", "mp4"),
            (ftyp("qt  "), .video, "video/quicktime", "mov"),
            (header([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84], "webm", at: 8), .video, "video/webm", "webm"),
            (header([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88], "matroska", at: 8), .video, "video/x-matroska", "mkv"),
        ]
        for (bytes, kind, mime, ext) in cases {
            let format = MediaFormat.identify(bytes, expecting: kind)
            XCTAssertEqual(format?.kind, kind, mime)
            XCTAssertEqual(format?.mimeType, mime)
            XCTAssertEqual(format?.fileExtension, ext, mime)
        }
    }

    func testKindsDoNotCross() {
        XCTAssertEqual(MediaFormat.identify(ftyp("M4A "), expecting: .video)?.kind, .audio, "an M4A brand is audio even when video was asked")
        XCTAssertEqual(MediaFormat.identify(header([], "RIFF\0\0\0\0WAVE"), expecting: .image)?.kind, .audio)
        XCTAssertNil(MediaFormat.identify(header([0xFF, 0xF1, 0x50, 0x80]), expecting: .audio), "ADTS AAC is not MPEG layer audio")
    }

    func testUnknownBytesAreDescribed() {
        XCTAssertNil(MediaFormat.identify(Array("<html><body>502</body></html>".utf8), expecting: .image))
        XCTAssertEqual(MediaFormat.describeUnknown(Array("\n  <!DOCTYPE html>".utf8)), "HTML or XML")
        XCTAssertEqual(MediaFormat.describeUnknown(Array("{\"error\":{}}".utf8)), "JSON")
        XCTAssertEqual(MediaFormat.describeUnknown(Array("Access denied".utf8)), "text")
        XCTAssertEqual(MediaFormat.describeUnknown([0x00, 0x01, 0x02]), "data of an unknown format")
        XCTAssertEqual(MediaFormat.describeUnknown([]), "an empty file")
    }

    func testAVideoNeedsASoundContainerHeaderAndAMinimumSize() throws {
        // ftyp (32 bytes: isom, minor, 4 brands) then the next box, `moov`.
        let mp4 = header([0, 0, 0, 0x20], "ftypisom", at: 4).enumerated().map { index, byte in
            index >= 32 && index < 40 ? [0, 0, 0x03, 0x4C, 0x6D, 0x6F, 0x6F, 0x76][index - 32] : byte
        }
        let format = try XCTUnwrap(MediaFormat.identify(mp4, expecting: .video))
        XCTAssertNil(format.problem(header: mp4, byteCount: 4096), "a sound MP4 start")
        XCTAssertEqual(format.problem(header: Array(mp4.prefix(12)), byteCount: 12), "only 12 bytes")
        XCTAssertEqual(format.problem(header: mp4, byteCount: 1023), "only 1023 bytes")
        var cut = mp4
        cut[3] = 0x18  // the first box claims 24 bytes: the next "box" starts in the brand list
        XCTAssertEqual(format.problem(header: cut, byteCount: 4096), "an MP4 whose header is broken")
        var huge = mp4
        huge[0] = 0x7F  // a first box far larger than the file
        XCTAssertEqual(format.problem(header: huge, byteCount: 4096), "an MP4 whose header is broken")

        // EBML header of 0x1F bytes, then the Segment element (18 53 80 67).
        var webm = header([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84], "webm", at: 8)
        webm.replaceSubrange(36..<40, with: [0x18, 0x53, 0x80, 0x67])
        let webmFormat = try XCTUnwrap(MediaFormat.identify(webm, expecting: .video))
        XCTAssertEqual(webmFormat.fileExtension, "webm")
        XCTAssertNil(webmFormat.problem(header: webm, byteCount: 4096))
        var noSegment = webm
        noSegment.replaceSubrange(36..<40, with: [0, 0, 0, 0])
        XCTAssertEqual(webmFormat.problem(header: noSegment, byteCount: 4096), "a WebM whose header is broken")

        let png = header([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertNil(MediaFormat.identify(png, expecting: .image)?.problem(header: png, byteCount: 12), "images are taken as identified")
    }
}
