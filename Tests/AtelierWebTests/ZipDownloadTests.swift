import AtelierMedia
@testable import AtelierWeb
import FastCGI
import Foundation
import Synchronization
import XCTest

/// The streamed ZIP download: read back by unzip and Python's zipfile, byte for byte, with its
/// metadata.csv; ZIP64 past the limits; safe unique names; bounded memory on a large selection.
final class ZipDownloadTests: XCTestCase {
    var folder: URL!

    override func setUp() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testTheArchiveUnzipsToTheSameBytesWithItsMetadata() async throws {
        let kite = try makeFile("a", bytes: 150_000)
        let song = try makeFile("b", bytes: 65_536)
        let empty = try makeFile("c", bytes: 0)
        let time = Date(timeIntervalSince1970: 1_796_000_000)
        let entries = [
            entry("kite.png", kite, prompt: "=HYPERLINK(\"http://evil\")", time: time),
            entry("Kite.PNG", song, prompt: "一只红色的风筝, \"quoted\"\nsecond line"),
            entry("../../etc/passwd", empty, prompt: "-1+1"),
            entry("a/b\\c:d.png", kite, prompt: "@SUM(A1)"),
            entry("metadata.csv", song, prompt: "+plain"),
            entry("", empty, prompt: "-0.5"),
        ]
        let download = try ZipDownload(entries: entries, now: time)
        XCTAssertEqual(download.fileNames, ["kite.png", "Kite (2).PNG", "____etc_passwd", "a_b_c_d.png", "metadata (2).csv", "file"])

        let archive = try await stream(download)
        XCTAssertEqual(Int64(try Data(contentsOf: archive).count), download.byteCount, "Content-Length is the exact length")
        try await unzipTest(archive)
        let read = try await pythonRead(archive)
        XCTAssertEqual(read.names, ["metadata.csv"] + download.fileNames)
        for (name, source) in zip(download.fileNames, [kite, song, empty, kite, song, empty]) {
            XCTAssertEqual(read.files[name], try Data(contentsOf: source), name)
        }
        XCTAssertEqual(read.csv, [
            ["prompt", "model", "provider", "member", "cost", "time", "file name"],
            ["'=HYPERLINK(\"http://evil\")", "dall-e-3", "Sim", "mei", "0.04 USD", "2026-11-30T00:53:20Z", "kite.png"],
            ["一只红色的风筝, \"quoted\"\nsecond line", "dall-e-3", "Sim", "mei", "0.04 USD", "2026-11-30T00:53:20Z", "Kite (2).PNG"],
            ["'-1+1", "dall-e-3", "Sim", "mei", "0.04 USD", "2026-11-30T00:53:20Z", "____etc_passwd"],
            ["'@SUM(A1)", "dall-e-3", "Sim", "mei", "0.04 USD", "2026-11-30T00:53:20Z", "a_b_c_d.png"],
            ["'+plain", "dall-e-3", "Sim", "mei", "0.04 USD", "2026-11-30T00:53:20Z", "metadata (2).csv"],
            ["-0.5", "dall-e-3", "Sim", "mei", "0.04 USD", "2026-11-30T00:53:20Z", "file"],
        ])
        XCTAssertEqual(read.dateTimes.first, [2026, 11, 30, 0, 53, 20])
    }

    func testZIP64RecordsAreReadByUnzipAndPython() async throws {
        let one = try makeFile("one", bytes: 5_000)
        let two = try makeFile("two", bytes: 70_000)
        let download = try ZipDownload(entries: [entry("one.png", one), entry("two.mp4", two)], now: Date(), zip64Threshold: 1_000)
        XCTAssertTrue(download.end.zip64)
        let archive = try await stream(download)
        XCTAssertEqual(Int64(try Data(contentsOf: archive).count), download.byteCount)
        try await unzipTest(archive)
        let read = try await pythonRead(archive)
        XCTAssertEqual(read.files["one.png"], try Data(contentsOf: one))
        XCTAssertEqual(read.files["two.mp4"], try Data(contentsOf: two))
    }

    func testMoreThan65535EntriesUseZIP64EndRecords() async throws {
        let tiny = try makeFile("tiny", bytes: 10)
        let entries = (0..<70_000).map { entry("same.png", tiny, prompt: "p\($0)") }
        let download = try ZipDownload(entries: entries)
        XCTAssertTrue(download.end.zip64)
        XCTAssertEqual(download.fileNames.last, "same (70000).png")
        let archive = try await stream(download)
        XCTAssertEqual(Int64(try Data(contentsOf: archive).count), download.byteCount)
        let read = try await pythonRead(archive, contents: false)
        XCTAssertEqual(read.names.count, 70_001)
        XCTAssertEqual(read.csv.count, 70_001)
    }

    func testNamesAreCutToTheirLimitKeepingTheExtensionAndNeverHidden() {
        var names = ZipEntryNames()
        let long = names.name(for: String(repeating: "风", count: 100) + ".png")
        XCTAssertLessThanOrEqual(long.utf8.count, ZipEntryNames.maxBytes)
        XCTAssertTrue(long.hasSuffix("风.png"), long)
        XCTAssertEqual(names.name(for: ".hidden"), "hidden")
        XCTAssertEqual(names.name(for: "..."), "_")
        XCTAssertEqual(names.name(for: "tab\there\u{7}.png"), "tab_here_.png")
    }

    func testAMissingFileIsNamedBeforeAnythingIsSent() throws {
        let present = try makeFile("present", bytes: 10)
        XCTAssertThrowsError(try ZipDownload(entries: [entry("here.png", present), entry("gone.png", folder.appendingPathComponent("nope"))])) {
            XCTAssertEqual($0 as? ZipDownloadError, .unreadable(fileName: "gone.png"))
        }
        XCTAssertThrowsError(try ZipDownload(entries: [entry("folder.png", folder)])) {
            XCTAssertEqual($0 as? ZipDownloadError, .unreadable(fileName: "folder.png"))
        }
    }

    func testAFileThatChangedSizeStopsTheStream() async throws {
        let file = try makeFile("shrinks", bytes: 100_000)
        let download = try ZipDownload(entries: [entry("shrinks.png", file)])
        try Data(repeating: 1, count: 10).write(to: file)
        do {
            _ = try await stream(download)
            XCTFail("a shortened file was zipped")
        } catch let error as ZipDownloadError {
            XCTAssertEqual(error, .changed(fileName: "shrinks.png"))
        }
    }

    func testTheResponseIsAStreamedAttachmentWithItsLength() throws {
        let file = try makeFile("r", bytes: 10)
        let download = try ZipDownload(entries: [entry("r.png", file)])
        let response = download.response(downloadName: "风筝 kites")
        XCTAssertEqual(response.headers["content-type"], "application/zip")
        XCTAssertEqual(response.headers["content-length"], String(download.byteCount))
        XCTAssertEqual(response.headers["content-disposition"],
                       "attachment; filename=\"__ kites.zip\"; filename*=UTF-8''%E9%A3%8E%E7%AD%9D%20kites.zip")
        guard case .stream = response.body else { return XCTFail("the body is not streamed") }
    }

    /// 300 MB of files (sparse: no disk used) stream through with resident memory within 50 MiB
    /// of where it started.
    func testALargeSelectionStreamsInBoundedMemory() async throws {
        var entries: [ZipDownloadEntry] = []
        for index in 0..<3 {
            let url = folder.appendingPathComponent("large-\(index)")
            XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: 100_000_000)
            try handle.close()
            entries.append(entry("large-\(index).mp4", url))
        }
        let download = try ZipDownload(entries: entries)
        let start = try XCTUnwrap(Self.residentBytes())
        let seen = Mutex((bytes: Int64(0), peak: start, pieces: 0))
        try await download.write { piece in
            seen.withLock { seen in
                seen.bytes += Int64(piece.count)
                seen.pieces += 1
                if seen.pieces % 64 == 0, let now = Self.residentBytes() { seen.peak = max(seen.peak, now) }
            }
        }
        let result = seen.withLock { $0 }
        XCTAssertEqual(result.bytes, download.byteCount)
        XCTAssertGreaterThan(result.bytes, 300_000_000)
        XCTAssertLessThan(result.peak - start, 50 << 20, "resident memory grew by \((result.peak - start) >> 20) MiB")
    }

    // MARK: - Helpers

    private func entry(_ name: String, _ file: URL, prompt: String = "a red kite", time: Date = Date(timeIntervalSince1970: 1_796_000_000)) -> ZipDownloadEntry {
        ZipDownloadEntry(fileName: name, file: file, prompt: prompt, model: "dall-e-3", provider: "Sim", member: "mei", cost: "0.04 USD", time: time)
    }

    private func makeFile(_ name: String, bytes: Int) throws -> URL {
        let url = folder.appendingPathComponent(name)
        var generator = SystemRandomNumberGenerator()
        try Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: url)
        return url
    }

    private func stream(_ download: ZipDownload) async throws -> URL {
        let url = folder.appendingPathComponent("download-\(UUID().uuidString).zip")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let box = HandleBox(handle)
        try await download.write { piece in try box.handle.write(contentsOf: piece) }
        return url
    }

    private func unzipTest(_ archive: URL) async throws {
        let output = try await ToolRunner().run("unzip", ["-tqq", archive.path])
        XCTAssertEqual(String(decoding: output.standardOutput, as: UTF8.self), "")
    }

    private struct PythonRead: Decodable {
        var names: [String]
        var files: [String: Data]
        var csv: [[String]]
        var dateTimes: [[Int]]
    }

    /// What Python's zipfile reads back (and `testzip`'s CRC check), contents in base64.
    private func pythonRead(_ archive: URL, contents: Bool = true) async throws -> PythonRead {
        let script = """
            import base64, csv, io, json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            names = z.namelist()
            files = {} if sys.argv[2] == "0" else {n: base64.b64encode(z.read(n)).decode() for n in names[1:]}
            text = z.read("metadata.csv").decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            dates = [list(i.date_time) for i in z.infolist()[1:2]]
            out = open(sys.argv[3], "w")
            json.dump({"names": names, "files": files, "csv": rows, "dateTimes": dates}, out)
            out.close()
            """
        let result = folder.appendingPathComponent("read-\(UUID().uuidString).json")
        _ = try await ToolRunner(timeout: .seconds(120)).run("python3", ["-c", script, archive.path, contents ? "1" : "0", result.path])
        return try JSONDecoder().decode(PythonRead.self, from: Data(contentsOf: result))
    }

    /// VmRSS of this process, in bytes.
    private static func residentBytes() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int64($0) }) else { return nil }
        return kilobytes * 1024
    }
}

/// A file handle the sink closure writes to; only one write runs at a time (the writer awaits
/// each piece), so sharing it is safe.
private final class HandleBox: @unchecked Sendable {
    let handle: FileHandle
    init(_ handle: FileHandle) { self.handle = handle }
}
