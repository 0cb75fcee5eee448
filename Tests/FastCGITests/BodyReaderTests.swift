import FastCGI
import Foundation
import XCTest

final class BodyReaderTests: XCTestCase {
    private var uploads: URL!

    override func setUpWithError() throws {
        uploads = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-body-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: uploads)
    }

    private func read(_ body: [UInt8], type: String?, length: Int? = nil, cap: Int = 1024 * 1024, slice: Int = 7) throws -> RequestBody {
        var source = InMemoryBodySource(body, sliceSize: slice)
        return try BodyReader(maxBytes: cap, uploadDirectory: uploads)
            .read(contentType: type, contentLength: length ?? body.count, from: &source)
    }

    private func leftoverFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: uploads.path)
    }

    func testParsesURLEncodedForms() throws {
        let body = try read(Array("prompt=%E4%B8%80%E5%8F%AA%E7%8C%AB&n=1".utf8), type: "application/x-www-form-urlencoded")
        guard case .form(let form) = body else { return XCTFail("not a form: \(body)") }
        XCTAssertEqual(form["prompt"], "一只猫")
        XCTAssertEqual(form["n"], "1")
    }

    func testStreamsMultipartFilesToDiskAcrossChunkBoundaries() throws {
        let image = (0..<5000).map { UInt8($0 % 251) } + Array("\r\n--not-the-boundary\r\n".utf8)
        let body = Multipart(boundary: "XyZ123")
            .field("prompt", "a red fox")
            .file("reference", name: "fox.png", type: "image/png", bytes: image)
            .closed()
        guard case .form(let form) = try read(body, type: "multipart/form-data; boundary=\"XyZ123\"") else {
            return XCTFail("not a form")
        }
        XCTAssertEqual(form["prompt"], "a red fox")
        let file = try XCTUnwrap(form.file("reference"))
        XCTAssertEqual(file.fileName, "fox.png")
        XCTAssertEqual(file.contentType, "image/png")
        XCTAssertEqual(file.size, image.count)
        XCTAssertEqual(try Data(contentsOf: file.location), Data(image))
        XCTAssertTrue(file.location.path.hasPrefix(uploads.path))
    }

    func testTruncatedMultipartIsRefusedAndLeavesNoFile() throws {
        let whole = Multipart(boundary: "b0undary").file("upload", name: "a.bin", type: "application/octet-stream", bytes: Array(repeating: 7, count: 3000)).closed()
        for cut in [whole.count - 3, whole.count - 40, 2000] {
            XCTAssertThrowsError(try read(Array(whole.prefix(cut)), type: "multipart/form-data; boundary=b0undary"), "cut at \(cut)") { error in
                guard case .malformedMultipart = error as? RequestError else { return XCTFail("\(error)") }
            }
        }
        XCTAssertEqual(try leftoverFiles(), [])
    }

    func testMultipartWithoutBoundaryIsRefused() {
        XCTAssertThrowsError(try read(Array("x".utf8), type: "multipart/form-data")) { error in
            guard case .malformedMultipart = error as? RequestError else { return XCTFail("\(error)") }
        }
    }

    func testBodyOverTheCapIsRefusedWithoutBuffering() {
        let big = [UInt8](repeating: 1, count: 10_000)
        // Announced too large: refused before reading.
        XCTAssertThrowsError(try read(big, type: "application/octet-stream", cap: 1000)) { error in
            XCTAssertEqual(error as? RequestError, .bodyTooLarge(limit: 1000))
        }
        // Length unknown: refused as soon as the cap is passed.
        var source = InMemoryBodySource(big, sliceSize: 300)
        XCTAssertThrowsError(try BodyReader(maxBytes: 1000, uploadDirectory: uploads).read(contentType: "text/plain", contentLength: nil, from: &source)) { error in
            XCTAssertEqual(error as? RequestError, .bodyTooLarge(limit: 1000))
        }
    }

    /// The first read goes into a small buffer, the rest into a large one: bodies on either side
    /// of that boundary, read in one piece or many, with or without a length, arrive whole.
    func testBodiesOfEverySizeArriveWholeAcrossTheFirstReadBoundary() throws {
        for size in [0, 1, 511, 512, 513, 65_536 + 700, 200_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            for slice in [Int.max, 512, 1000] {
                for length in [size, nil] as [Int?] {
                    var source = InMemoryBodySource(bytes, sliceSize: slice)
                    let body = try BodyReader(maxBytes: 1024 * 1024, uploadDirectory: uploads)
                        .read(contentType: "application/octet-stream", contentLength: length, from: &source)
                    XCTAssertEqual(body, size == 0 ? .empty : .bytes(bytes), "size \(size), slice \(slice), length \(String(describing: length))")
                }
            }
        }
    }

    func testTheCapHoldsWithinTheFirstRead() {
        var source = InMemoryBodySource([UInt8](repeating: 2, count: 600))
        XCTAssertThrowsError(try BodyReader(maxBytes: 100, uploadDirectory: uploads).read(contentType: nil, contentLength: nil, from: &source)) { error in
            XCTAssertEqual(error as? RequestError, .bodyTooLarge(limit: 100))
        }
        var rest = [UInt8](repeating: 0, count: 10)
        XCTAssertEqual(rest.withUnsafeMutableBytes { source.read(into: $0) }, 0, "the rest of the body was drained")
    }

    func testBodyShorterThanItsContentLengthIsRefused() {
        XCTAssertThrowsError(try read(Array("abc".utf8), type: "text/plain", length: 10)) { error in
            XCTAssertEqual(error as? RequestError, .truncatedBody(expected: 10, received: 3))
        }
    }
}

/// Builds multipart/form-data bodies for tests.
extension BodyReaderTests {
    /// A browser sends a file input left empty as a part with `filename=""` and no bytes: that is
    /// no file, and nothing is written (not even when the uploads folder is missing).
    func testAnEmptyFilePartIsNoFile() throws {
        let body = Multipart(boundary: "B").field("prompt", "a fox").file("reference", name: "", type: "application/octet-stream", bytes: [])
            .closed()
        try FileManager.default.removeItem(at: uploads)
        guard case .form(let form) = try read(body, type: "multipart/form-data; boundary=B") else { return XCTFail("not a form") }
        XCTAssertEqual(form["prompt"], "a fox")
        XCTAssertTrue(form.files.isEmpty)
        XCTAssertNil(form["reference"])
    }

    /// A file that cannot be written (the uploads folder is gone) is the server's fault, not a
    /// malformed request.
    func testAFileThatCannotBeStoredIsTheServersFault() throws {
        let body = Multipart(boundary: "B").file("reference", name: "a.png", type: "image/png", bytes: [1, 2, 3]).closed()
        try FileManager.default.removeItem(at: uploads)
        XCTAssertThrowsError(try read(body, type: "multipart/form-data; boundary=B")) { error in
            guard case .uploadNotStored(let reason) = error as? RequestError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains(self.uploads.path), reason)
            XCTAssertEqual((error as? RequestError)?.status, .internalServerError)
        }
    }
}

struct Multipart {
    let boundary: String
    private var bytes: [UInt8] = []

    init(boundary: String) { self.boundary = boundary }

    func field(_ name: String, _ value: String) -> Multipart {
        var copy = self
        copy.bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        return copy
    }

    func file(_ name: String, name fileName: String, type: String, bytes content: [UInt8]) -> Multipart {
        var copy = self
        copy.bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        copy.bytes += content + Array("\r\n".utf8)
        return copy
    }

    func closed() -> [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }
}
